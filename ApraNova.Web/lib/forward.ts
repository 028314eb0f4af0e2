import { apiBaseUrl } from "./apiBase";
import { CLIENT_ADDRESS_HEADER, clientAddressOf } from "./clientAddress";

// Hop-by-hop headers describe one connection, not the message: never forwarded (RFC 9110 §7.6.1).
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade"];
// fetch() decodes compressed bodies, so the encoding/length of the api's response no longer
// describe what we send on; and asking the api for identity avoids a pointless decode.
const RESPONSE_DROPPED = [...HOP_BY_HOP, "content-encoding", "content-length"];
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Forwards a request to the api and streams the answer back: method, path, query, headers
 * (cookies, authorization), the body as a stream (multipart uploads are never buffered in
 * memory), status, headers and every Set-Cookie. Behind the ALB this code never runs — the load
 * balancer routes /api/* and /admin/* to the api itself; here the web stands in for it, so the
 * browser talks to one origin either way. The target is read per request (API_URL), never at
 * build time, so one build works against any api.
 */
export async function forwardToApi(request: Request, env: Record<string, string | undefined> = process.env): Promise<Response> {
  const base = apiBaseUrl(env);
  if (!base) return problem(502, "The api is not configured", "The web server has no API_URL.");

  const incoming = new URL(request.url);
  const target = new URL(incoming.pathname + incoming.search, base + "/");

  const headers = new Headers(request.headers);
  for (const name of HOP_BY_HOP) headers.delete(name);
  headers.delete("host");
  // curl and other clients send "Expect: 100-continue" for large bodies; Node's fetch refuses it.
  headers.delete("expect");
  headers.delete("accept-encoding");
  // The api's parent is the web's own fetch span (lib/traceContext.ts adds it), not a client's.
  headers.delete("traceparent");
  headers.delete("tracestate");
  // The api trusts X-Forwarded-For from this forwarder (a loopback peer) for its per-IP limits, so
  // it carries exactly the address this server's socket saw: the client's own header is
  // overwritten, never appended to. Without a stamp the header is dropped and the api counts the
  // web's own address, which no client can choose either.
  const clientAddress = clientAddressOf(headers);
  headers.delete(CLIENT_ADDRESS_HEADER);
  headers.delete("x-forwarded-for");
  if (clientAddress) headers.set("x-forwarded-for", clientAddress);
  if (!headers.has("x-forwarded-host")) headers.set("x-forwarded-host", incoming.host);
  if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", incoming.protocol.replace(":", ""));

  const hasBody = request.method !== "GET" && request.method !== "HEAD" && request.body !== null;
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody ? request.body : undefined,
      // Required by Node's fetch to stream a request body.
      duplex: "half",
      redirect: "manual",
      signal: request.signal,
    } as RequestInit & { duplex: "half" });
  } catch (error) {
    // Logged on the server (the cause says why: refused, DNS, reset); the browser gets a problem document.
    console.error(`api forward to ${target.origin} failed:`, (error as Error).cause ?? error);
    return problem(502, "The api is unreachable", "ApraNova's api did not answer. Please try again shortly.");
  }

  const responseHeaders = new Headers();
  upstream.headers.forEach((value, name) => {
    if (name !== "set-cookie" && !RESPONSE_DROPPED.includes(name)) responseHeaders.set(name, value);
  });
  // Each cookie must stay its own header; joining them with commas would corrupt Expires dates.
  for (const cookie of upstream.headers.getSetCookie()) responseHeaders.append("set-cookie", cookie);

  return new Response(NULL_BODY_STATUSES.has(upstream.status) ? null : upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: responseHeaders,
  });
}

function problem(status: number, title: string, detail: string): Response {
  return new Response(JSON.stringify({ title, status, detail }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}
