import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiClient, type Session } from "../lib/api";
import { ApiError } from "../lib/problem";
import { uploadWithProgress } from "../lib/upload";

/** A scripted XMLHttpRequest: each send() answers with the next response, after two progress events. */
class FakeXhr {
  static responses: { status: number; body: string }[] = [];
  static sent: { url: string; auth: string | null; body: unknown }[] = [];
  upload = { onprogress: null as ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  responseText = "";
  private url = "";
  private headers: Record<string, string> = {};
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  getResponseHeader(name: string) {
    return name.toLowerCase() === "content-type" ? "application/json" : null;
  }
  abort() {
    this.onabort?.();
  }
  send(body: unknown) {
    FakeXhr.sent.push({ url: this.url, auth: this.headers["authorization"] ?? null, body });
    const next = FakeXhr.responses.shift()!;
    queueMicrotask(() => {
      this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 });
      this.upload.onprogress?.({ lengthComputable: true, loaded: 100, total: 100 });
      this.status = next.status;
      this.responseText = next.body;
      this.onload?.();
    });
  }
}

const session = (token: string): Session => ({
  accessToken: token,
  expiresAt: "2030-01-01T00:00:00Z",
  user: { id: "u", email: "s@example.com", fullName: "S", role: "student" },
});

afterEach(() => {
  vi.unstubAllGlobals();
  FakeXhr.responses = [];
  FakeXhr.sent = [];
});

describe("uploadWithProgress", () => {
  it("reports progress and returns the stored file", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    FakeXhr.responses = [{ status: 201, body: JSON.stringify({ id: "f1", name: "a.pdf", contentType: "application/pdf", sizeBytes: 3 }) }];
    const client = new ApiClient(vi.fn(async () => new Response(JSON.stringify(session("t1")), { headers: { "content-type": "application/json" } })));
    await client.refresh();
    const progress: number[] = [];
    const file = await uploadWithProgress<{ id: string }>(client, "/api/files", new FormData(), (p) => progress.push(p));
    expect(file.id).toBe("f1");
    expect(progress).toEqual([0, 0.5, 1, 1]);
    expect(FakeXhr.sent[0].auth).toBe("Bearer t1");
  });

  it("refreshes once on 401 and sends the upload again with the new token", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    let issued = 0;
    const client = new ApiClient(vi.fn(async () => new Response(JSON.stringify(session(`t${++issued}`)), { headers: { "content-type": "application/json" } })));
    await client.refresh(); // t1, which the api then considers expired
    FakeXhr.responses = [{ status: 401, body: "" }, { status: 201, body: JSON.stringify({ id: "f2" }) }];
    const file = await uploadWithProgress<{ id: string }>(client, "/api/files", new FormData(), () => {});
    expect(file.id).toBe("f2");
    expect(FakeXhr.sent.map((s) => s.auth)).toEqual(["Bearer t1", "Bearer t2"]);
  });

  it("turns a refused upload into an ApiError with the api's field messages", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    FakeXhr.responses = [{ status: 400, body: JSON.stringify({ title: "Invalid", status: 400, errors: { file: ["The file is empty."] } }) }];
    const client = new ApiClient(vi.fn());
    const failure = (await uploadWithProgress(client, "/api/files", new FormData(), () => {}).catch((e: unknown) => e)) as ApiError;
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure.fieldErrors).toEqual({ file: ["The file is empty."] });
  });
});
