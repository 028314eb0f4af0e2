import http from "node:http";
import type { AddressInfo } from "node:net";
import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forwardToApi } from "../lib/forward";
import { propagateTraceContextToApi } from "../lib/traceContext";

// Two local servers record the headers they receive: "api" (API_URL) and "elsewhere".
function recorder() {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  return { seen, server, url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const api = recorder();
const elsewhere = recorder();
const env: Record<string, string | undefined> = {};

beforeAll(async () => {
  await Promise.all([api, elsewhere].map((r) => new Promise<void>((done) => r.server.listen(0, "127.0.0.1", done))));
  env.API_URL = api.url();
  // As instrumentation.node.ts sets it up.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(new TracerProvider());
  propagateTraceContextToApi(env);
});

afterAll(async () => {
  await Promise.all([api, elsewhere].map((r) => new Promise((done) => r.server.close(done))));
  trace.disable();
  propagation.disable();
  context.disable();
});

const tracer = () => trace.getTracer("test");

describe("trace context to the api", () => {
  it("a server-side fetch to the api carries the active span's trace", async () => {
    const traceId = await tracer().startActiveSpan("render", async (span) => {
      await fetch(`${api.url()}/api/tracks`);
      span.end();
      return span.spanContext().traceId;
    });
    const traceparent = api.seen.at(-1)!.traceparent as string;
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(traceparent.split("-")[1]).toBe(traceId);
  });

  it("no trace context leaves for another origin", async () => {
    await tracer().startActiveSpan("render", async (span) => {
      await fetch(`${elsewhere.url()}/x`);
      span.end();
    });
    expect(elsewhere.seen.at(-1)!.traceparent).toBeUndefined();
  });

  it("the forwarder replaces a client's traceparent with the web's own", async () => {
    const clientTrace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    const traceId = await tracer().startActiveSpan("GET /api/auth/me", async (span) => {
      const response = await forwardToApi(new Request("http://web.local/api/auth/me", { headers: { traceparent: clientTrace } }), env);
      expect(response.status).toBe(200);
      span.end();
      return span.spanContext().traceId;
    });
    const traceparent = api.seen.at(-1)!.traceparent as string;
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/); // one header, not two joined
    expect(traceparent.split("-")[1]).toBe(traceId);
  });
});
