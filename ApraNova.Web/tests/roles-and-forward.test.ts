import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiBaseUrl } from "../lib/apiBase";
import { forwardToApi } from "../lib/forward";
import { ANY_USER, hasRole, homeFor, navFor, safeNext, STAFF, STUDENT, TRAINER_OR_STAFF } from "../lib/roles";

describe("roles", () => {
  it("each role sees only its own navigation", () => {
    const hrefs = (role: Parameters<typeof navFor>[0]) => navFor(role).map((l) => l.href);
    expect(hrefs("student").some((h) => h.startsWith("/staff"))).toBe(false);
    expect(hrefs("trainer")).toContain("/staff/reviews");
    expect(hrefs("trainer")).not.toContain("/staff/users");
    expect(hrefs("admin")).toContain("/staff/payments");
    // Support tickets notify everyone involved in-app: every signed-in role reaches its notifications.
    for (const role of ["student", "trainer", "admin", "superadmin"] as const) expect(hrefs(role)).toContain("/notifications");
    expect(hrefs(null)).toEqual(["/tracks", "/login", "/signup"]);
    for (const role of ["student", "trainer", "admin", "superadmin", null] as const)
      expect(hrefs(role).some((h) => h.startsWith("/admin"))).toBe(false);
  });
  it("sends each role home", () => {
    expect(homeFor({ role: "student" })).toBe("/dashboard");
    expect(homeFor({ role: "trainer" })).toBe("/staff/reviews");
    expect(homeFor({ role: "admin" })).toBe("/staff/users");
    expect(homeFor({ role: "superadmin" })).toBe("/staff/users");
  });
  it("uses the api's role sets: staff are admins and superadmins, trainers review with them", () => {
    const can = (role: string) => ({
      student: hasRole({ role }, STUDENT),
      review: hasRole({ role }, TRAINER_OR_STAFF),
      staff: hasRole({ role }, STAFF),
      any: hasRole({ role }, ANY_USER),
    });
    expect(can("student")).toEqual({ student: true, review: false, staff: false, any: true });
    expect(can("trainer")).toEqual({ student: false, review: true, staff: false, any: true });
    expect(can("admin")).toEqual({ student: false, review: true, staff: true, any: true });
    expect(can("superadmin")).toEqual({ student: false, review: true, staff: true, any: true });
    expect(hasRole(null, ANY_USER)).toBe(false);
  });
  it("grants nothing to a role the web does not know (the api sends roles as strings)", () => {
    expect(hasRole({ role: "Admin" }, STAFF)).toBe(false);
    expect(navFor("auditor").map((l) => l.href)).toEqual(["/profile"]);
    expect(homeFor({ role: "auditor" })).toBe("/profile");
  });
  it("only returns to same-site paths after logging in", () => {
    expect(safeNext("/projects/1")).toBe("/projects/1");
    expect(safeNext("/staff/users?search=a%20b#top")).toBe("/staff/users?search=a%20b#top");
    expect(safeNext("//evil.example")).toBeNull();
    expect(safeNext("https://evil.example")).toBeNull();
    expect(safeNext("/\\evil.example")).toBeNull();
    expect(safeNext("javascript:alert(1)")).toBeNull();
    expect(safeNext("projects/1")).toBeNull();
  });
  it("is not fooled by characters the URL parser drops (/login?next=%2F%09%2F127.0.0.1%3A9999%2F)", () => {
    // What the page reads from ?next= after percent-decoding.
    const next = new URLSearchParams("next=%2F%09%2F127.0.0.1%3A9999%2F").get("next");
    expect(safeNext(next)).toBeNull();
    for (const sneaky of ["/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/\t\\evil.example", " //evil.example", "/\u0000/evil.example"])
      expect(safeNext(sneaky)).toBeNull();
    // Whatever is returned resolves on this origin.
    for (const candidate of ["/a", "/%2F%2Fevil.example", "/./../x", "/a?next=//evil.example"]) {
      const result = safeNext(candidate);
      if (result !== null) expect(new URL(result, "https://web.local").origin).toBe("https://web.local");
    }
  });
});

describe("apiBaseUrl", () => {
  it("reads API_URL first, then Aspire's service discovery variable", () => {
    expect(apiBaseUrl({ API_URL: "http://api:8000/" })).toBe("http://api:8000");
    expect(apiBaseUrl({ services__api__http__0: "http://localhost:5123" })).toBe("http://localhost:5123");
    expect(apiBaseUrl({})).toBeNull();
  });
});

describe("forwardToApi", () => {
  let server: http.Server;
  let base: string;
  const seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders; bytes: number }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let bytes = 0;
      req.on("data", (c: Buffer) => (bytes += c.length));
      req.on("end", () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, bytes });
        if (req.url === "/api/none") {
          res.writeHead(204);
          return res.end();
        }
        res.writeHead(req.url?.startsWith("/admin") ? 403 : 201, [
          ["content-type", "application/json"],
          ["set-cookie", "refresh=abc; Path=/api/auth; HttpOnly; Expires=Wed, 01 Jan 2031 00:00:00 GMT"],
          ["set-cookie", "b=2; Path=/"],
        ]);
        res.end(JSON.stringify({ bytes }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("streams a multipart body, keeps auth and cookies, and passes status and every Set-Cookie back", async () => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(3_000_000)]), "big.bin");
    const request = new Request("http://web.local/api/files?x=1", {
      method: "POST",
      body: form,
      headers: { authorization: "Bearer t", cookie: "refresh=zzz", expect: "100-continue", connection: "keep-alive" },
    });
    const response = await forwardToApi(request, { API_URL: base });
    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie()).toEqual([
      "refresh=abc; Path=/api/auth; HttpOnly; Expires=Wed, 01 Jan 2031 00:00:00 GMT",
      "b=2; Path=/",
    ]);
    const body = (await response.json()) as { bytes: number };
    const got = seen.at(-1)!;
    expect(got.url).toBe("/api/files?x=1");
    expect(got.headers.authorization).toBe("Bearer t");
    expect(got.headers.cookie).toBe("refresh=zzz");
    expect(got.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(got.headers["x-forwarded-host"]).toBe("web.local");
    expect(body.bytes).toBeGreaterThan(3_000_000);
  });

  it("forwards /admin and error statuses as they are", async () => {
    const response = await forwardToApi(new Request("http://web.local/admin/users"), { API_URL: base });
    expect(response.status).toBe(403);
    expect(seen.at(-1)!.url).toBe("/admin/users");
  });

  it("handles bodiless statuses", async () => {
    const response = await forwardToApi(new Request("http://web.local/api/none", { method: "DELETE" }), { API_URL: base });
    expect(response.status).toBe(204);
  });

  it("answers 502 problem details when the api is down or not configured", async () => {
    const down = await forwardToApi(new Request("http://web.local/api/tracks"), { API_URL: "http://127.0.0.1:1" });
    expect(down.status).toBe(502);
    expect(down.headers.get("content-type")).toBe("application/problem+json");
    const unset = await forwardToApi(new Request("http://web.local/api/tracks"), {});
    expect(unset.status).toBe(502);
  });
});
