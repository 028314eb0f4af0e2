import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, stampClientAddresses } from "../lib/clientAddress";
import { forwardToApi } from "../lib/forward";

// The web's /api forwarder in front of a stand-in api, on real sockets: what reaches the api as
// X-Forwarded-For is the address the web's socket saw, whatever the client claimed.
describe("forwarding the client's address", () => {
  // What came over the wire: rawHeaders (the stamp also marks requests to the stand-in api, same process).
  const seen: Record<string, string>[] = [];
  let api: http.Server;
  let web: http.Server;
  let apiUrl: string;
  let webPort: number;

  beforeAll(async () => {
    await stampClientAddresses();
    api = http.createServer((req, res) => {
      const raw: Record<string, string> = {};
      for (let i = 0; i < req.rawHeaders.length; i += 2) raw[req.rawHeaders[i].toLowerCase()] = req.rawHeaders[i + 1];
      seen.push(raw);
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    // As Next does for a route handler: a fetch Request built from the Node request's headers.
    web = http.createServer(async (req, res) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const response = await forwardToApi(new Request(`http://web.local${req.url}`, { method: req.method, headers }), { API_URL: apiUrl });
      res.writeHead(response.status).end();
    });
    await new Promise<void>((r) => web.listen(0, "127.0.0.1", r));
    webPort = (web.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => web.close(() => r()));
    await new Promise<void>((r) => api.close(() => r()));
  });

  /** A request to the web from the local address given (all of 127.0.0.0/8 is loopback). */
  function send(localAddress: string, headers: Record<string, string>): Promise<number> {
    return new Promise((resolve, reject) => {
      const request = http.request({ host: "127.0.0.1", port: webPort, path: "/api/auth/login", method: "POST", localAddress, headers }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      });
      request.on("error", reject);
      request.end();
    });
  }

  it("overwrites a spoofed X-Forwarded-For with the socket address, never appending to it", async () => {
    expect(await send("127.0.0.2", { "x-forwarded-for": "203.0.113.9" })).toBe(204);
    expect(seen.at(-1)!["x-forwarded-for"]).toBe("127.0.0.2");

    await send("127.0.0.3", { "x-forwarded-for": "127.0.0.2, 198.51.100.7" });
    expect(seen.at(-1)!["x-forwarded-for"]).toBe("127.0.0.3");
  });

  it("ignores a forged address stamp and never passes the stamp on", async () => {
    await send("127.0.0.4", { [CLIENT_ADDRESS_HEADER]: "guess 198.51.100.1" });
    expect(seen.at(-1)!["x-forwarded-for"]).toBe("127.0.0.4");
    expect(seen.at(-1)![CLIENT_ADDRESS_HEADER]).toBeUndefined();
  });

  it("sends no X-Forwarded-For at all for a request nobody stamped (the api then counts the web's own address)", async () => {
    const request = new Request("http://web.local/api/auth/login", {
      method: "POST",
      headers: { "x-forwarded-for": "203.0.113.9", [CLIENT_ADDRESS_HEADER]: "forged 203.0.113.9" },
    });
    expect((await forwardToApi(request, { API_URL: apiUrl })).status).toBe(204);
    expect(seen.at(-1)!["x-forwarded-for"]).toBeUndefined();
  });
});
