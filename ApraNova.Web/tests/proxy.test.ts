import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proxy } from "../proxy";

// Paths Next.js cannot decode never get its error page: the api answers them, as behind the ALB.
describe("proxy", () => {
  const seen: string[] = [];
  let api: http.Server;
  let previousApiUrl: string | undefined;

  beforeAll(async () => {
    api = http.createServer((req, res) => {
      seen.push(req.url ?? "");
      res.writeHead(404, { "content-type": "application/problem+json" }).end(JSON.stringify({ title: "Not found", status: 404 }));
    });
    await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
    previousApiUrl = process.env.API_URL;
    process.env.API_URL = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    process.env.API_URL = previousApiUrl;
    await new Promise<void>((r) => api.close(() => r()));
  });

  it.each(["/api/tracks/%C0%AE%C0%AE", "/api/%ZZ", "/admin/%E0%A4%A"])("forwards %s to the api untouched and passes its problem back", async (path) => {
    const response = await proxy(new NextRequest(`http://web.local${path}?q=1`));
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(seen.at(-1)).toBe(`${path}?q=1`);
  });

  it("answers other undecodable paths with a plain 400 instead of Next's 500", async () => {
    const before = seen.length;
    const response = await proxy(new NextRequest("http://web.local/tracks/%ZZ"));
    expect(response.status).toBe(400);
    expect(seen.length).toBe(before);
  });

  it("answers a path with control characters itself, as a problem for /api", async () => {
    const before = seen.length;
    const response = await proxy(new NextRequest("http://web.local/api/tracks/%00"));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(((await response.json()) as { status: number }).status).toBe(400);
    expect(seen.length).toBe(before);
  });

  it("leaves decodable paths to the route handlers", async () => {
    const before = seen.length;
    const response = await proxy(new NextRequest("http://web.local/api/tracks/%E2%82%AC"));
    expect(response.headers.get("x-middleware-next")).toBe("1");
    expect(seen.length).toBe(before);
  });
});
