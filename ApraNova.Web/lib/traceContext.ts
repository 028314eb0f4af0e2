import { subscribe } from "node:diagnostics_channel";
import { context, propagation, type TextMapSetter } from "@opentelemetry/api";
import { apiBaseUrl } from "./apiBase";

/** What undici (Node's fetch) publishes on "undici:request:create": the request about to be sent. */
type UndiciRequest = { origin: string | URL; addHeader(name: string, value: string): unknown };

const setter: TextMapSetter<UndiciRequest> = { set: (request, key, value) => void request.addHeader(key, value) };

/**
 * Makes the web's server-side calls to the api carry the active trace context (W3C traceparent
 * and tracestate), so a page render or a forwarded /api request and the api's own spans
 * (PostgreSQL, Redis) are one trace: web → api → postgres/redis. Next.js wraps fetch in a span
 * but sends no context with it; this hooks Node's fetch (undici's "undici:request:create"
 * channel), where the active context is that fetch span, and only for requests to the api's
 * origin (API_URL), so no trace ids leave for third parties. Idempotent.
 */
export function propagateTraceContextToApi(env: Record<string, string | undefined> = process.env): void {
  if (subscribed) return;
  subscribed = true;
  subscribe("undici:request:create", (message) => {
    const { request } = message as { request: UndiciRequest };
    const base = apiBaseUrl(env);
    if (!base || !sameOrigin(request.origin, base)) return;
    propagation.inject(context.active(), request, setter);
  });
}

let subscribed = false;

function sameOrigin(origin: string | URL, base: string): boolean {
  try {
    return new URL(String(origin)).origin === new URL(base).origin;
  } catch {
    return false;
  }
}
