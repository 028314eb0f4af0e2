import { describe, expect, it, vi } from "vitest";
import { ApiClient, buildUrl, type Session } from "../lib/api";
import { ApiError } from "../lib/problem";

const user = { id: "u1", email: "a@example.com", fullName: "A", role: "student" as const };
const session = (token: string): Session => ({ accessToken: token, expiresAt: "2030-01-01T00:00:00Z", user });

function json(status: number, body: unknown, contentType = "application/json") {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "content-type": contentType } });
}

/** A fake api: `/api/auth/refresh` answers with the next token; other paths accept only `valid`. */
function fakeApi(options: { refreshOk?: boolean; refreshDelayMs?: number } = {}) {
  let issued = 0;
  let valid = "";
  const calls: { url: string; auth: string | null; method: string }[] = [];
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    calls.push({ url, auth: headers.get("authorization"), method: init?.method ?? "GET" });
    if (url === "/api/auth/refresh") {
      if (options.refreshDelayMs) await new Promise((r) => setTimeout(r, options.refreshDelayMs));
      if (options.refreshOk === false) return json(401, { title: "No session", status: 401 }, "application/problem+json");
      valid = `token-${++issued}`;
      return json(200, session(valid));
    }
    if (url === "/api/auth/login") {
      valid = "token-login";
      return json(200, session(valid));
    }
    if (headers.get("authorization") !== `Bearer ${valid}` || !valid) return json(401, undefined);
    return json(200, { ok: true, url });
  });
  return { fetch, calls, expire: () => (valid = "rotated-away"), refreshCount: () => calls.filter((c) => c.url === "/api/auth/refresh").length };
}

describe("ApiClient", () => {
  it("sends the access token from memory after logging in", async () => {
    const api = fakeApi();
    const client = new ApiClient(api.fetch);
    await client.login("a@example.com", "pw");
    await expect(client.get("/api/dashboard")).resolves.toEqual({ ok: true, url: "/api/dashboard" });
    expect(api.calls.at(-1)!.auth).toBe("Bearer token-login");
  });

  it("refreshes once on 401 and retries with the new token", async () => {
    const api = fakeApi();
    const client = new ApiClient(api.fetch);
    await client.login("a@example.com", "pw");
    api.expire();
    await expect(client.get("/api/dashboard")).resolves.toMatchObject({ ok: true });
    expect(api.refreshCount()).toBe(1);
    expect(api.calls.map((c) => c.url)).toEqual(["/api/auth/login", "/api/dashboard", "/api/auth/refresh", "/api/dashboard"]);
    expect(api.calls.at(-1)!.auth).toBe("Bearer token-1");
    expect(client.token).toBe("token-1");
  });

  it("waits for a refresh in flight before sending, so a page-load call goes with the restored session", async () => {
    const api = fakeApi({ refreshDelayMs: 30 });
    const client = new ApiClient(api.fetch);
    const restoring = client.refresh();
    const checkout = client.post("/api/payments/checkout", { trackCode: "FSD" });
    await restoring;
    await expect(checkout).resolves.toMatchObject({ ok: true });
    expect(api.calls.map((c) => c.url)).toEqual(["/api/auth/refresh", "/api/payments/checkout"]);
    expect(api.calls.at(-1)!.auth).toBe("Bearer token-1");
  });

  it("refreshes under a lock shared by every tab, so tabs never spend the same refresh cookie", async () => {
    const held: string[] = [];
    vi.stubGlobal("navigator", { locks: { request: async (name: string, work: () => Promise<unknown>) => { held.push(name); return work(); } } });
    try {
      const api = fakeApi();
      const client = new ApiClient(api.fetch);
      await expect(client.refresh()).resolves.toMatchObject({ accessToken: "token-1" });
      expect(held).toEqual(["apranova-refresh"]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("shares one refresh between concurrent 401s", async () => {
    const api = fakeApi({ refreshDelayMs: 20 });
    const client = new ApiClient(api.fetch);
    await client.login("a@example.com", "pw");
    api.expire();
    const results = await Promise.all([client.get("/api/a"), client.get("/api/b"), client.get("/api/c")]);
    expect(results).toHaveLength(3);
    expect(api.refreshCount()).toBe(1);
  });

  it("does not refresh again when another call already got a new token", async () => {
    const api = fakeApi();
    const client = new ApiClient(api.fetch);
    await client.login("a@example.com", "pw");
    api.expire();
    await client.get("/api/a"); // refreshes
    await client.get("/api/b"); // new token works
    expect(api.refreshCount()).toBe(1);
  });

  it("ends the session and throws 401 when the refresh cookie is gone, without looping", async () => {
    const api = fakeApi({ refreshOk: false });
    const client = new ApiClient(api.fetch);
    const changes: (Session | null)[] = [];
    const ends: (string | undefined)[] = [];
    client.onSessionChange((s, ended) => {
      changes.push(s);
      ends.push(ended);
    });
    const failure = await client.get("/api/dashboard").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(401);
    expect(api.refreshCount()).toBe(1);
    expect(api.calls.filter((c) => c.url === "/api/dashboard")).toHaveLength(1);
    expect(changes).toEqual([null]);
    expect(ends).toEqual(["expired"]);
    expect(client.token).toBeNull();
  });

  it("restores a session at start through the refresh cookie (a reload)", async () => {
    const api = fakeApi();
    const client = new ApiClient(api.fetch);
    const restored = await client.refresh();
    expect(restored?.user.email).toBe("a@example.com");
    expect(client.token).toBe("token-1");
  });

  it("never refreshes for the auth endpoints themselves (a wrong password stays a 401)", async () => {
    const fetch = vi.fn(async () => json(401, { title: "Invalid email or password.", status: 401 }, "application/problem+json"));
    const client = new ApiClient(fetch);
    const failure = (await client.login("a@example.com", "bad").catch((e: unknown) => e)) as ApiError;
    expect(failure.status).toBe(401);
    expect(failure.message).toBe("Invalid email or password.");
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("logout forgets the token even when the api call fails", async () => {
    const api = fakeApi();
    const client = new ApiClient(api.fetch);
    await client.login("a@example.com", "pw");
    const ends: (string | undefined)[] = [];
    client.onSessionChange((s, ended) => ends.push(ended));
    api.fetch.mockImplementationOnce(async () => json(500, undefined));
    await expect(client.logout()).rejects.toBeInstanceOf(ApiError);
    expect(client.token).toBeNull();
    // Pages then know not to send the user back to log in with a return address.
    expect(ends).toEqual(["logout"]);
  });

  it("turns validation problems into field errors", async () => {
    const fetch = vi.fn(async () =>
      json(400, { title: "One or more validation errors occurred.", status: 400, errors: { email: ["Email is taken."], Password: ["Too short."] } }, "application/problem+json"),
    );
    const client = new ApiClient(fetch);
    const failure = (await client.signUp("a@example.com", "x", "A").catch((e: unknown) => e)) as ApiError;
    expect(failure.status).toBe(400);
    expect(failure.fieldErrors).toEqual({ email: ["Email is taken."], password: ["Too short."] });
  });

  it("reports a network failure as status 0 with a readable message", async () => {
    const client = new ApiClient(vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    const failure = (await client.get("/api/tracks").catch((e: unknown) => e)) as ApiError;
    expect(failure.status).toBe(0);
    expect(failure.message).toMatch(/could not reach/i);
  });

  it("sends JSON bodies with a content type and FormData without one", async () => {
    const fetch = vi.fn(async () => json(204, undefined));
    const client = new ApiClient(fetch);
    await client.post("/api/x", { a: 1 });
    const form = new FormData();
    form.append("file", new Blob(["hi"]), "a.txt");
    await client.post("/api/y", form);
    const [, jsonInit] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    const [, formInit] = fetch.mock.calls[1] as unknown as [string, RequestInit];
    expect(new Headers(jsonInit.headers).get("content-type")).toBe("application/json");
    expect(jsonInit.body).toBe('{"a":1}');
    expect(new Headers(formInit.headers).get("content-type")).toBeNull();
    expect(formInit.body).toBe(form);
  });
});

describe("buildUrl", () => {
  it("only allows same-origin api paths", () => {
    expect(() => buildUrl("https://evil.example/api/x")).toThrow();
    expect(() => buildUrl("/dashboard")).toThrow();
  });
  it("leaves out empty query values", () => {
    expect(buildUrl("/api/admin/users", { search: "ann lee", role: "", page: 2, x: undefined })).toBe("/api/admin/users?search=ann+lee&page=2");
  });
});
