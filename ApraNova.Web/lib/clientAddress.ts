// The address of the connection a request came in on, as this server's socket saw it: what the
// /api forwarder (lib/forward.ts) passes to the api as X-Forwarded-For. Next.js keeps a client's
// own X-Forwarded-For (it only fills the header when missing) and gives route handlers no socket,
// so the address is stamped onto each request as it arrives (stampClientAddresses, installed by
// instrumentation.ts) under a private header carrying a per-process secret: a client can send
// that header too, but cannot know the secret, and the stamp overwrites it anyway.

export const CLIENT_ADDRESS_HEADER = "x-apranova-client-address";

interface StampState {
  secret: string;
}

const STATE = Symbol.for("apranova.clientAddressStamp");

/** Shared through globalThis: instrumentation and route handlers are bundled separately but run in one process. */
function state(): StampState | undefined {
  return (globalThis as { [STATE]?: StampState })[STATE];
}

/** Starts stamping every incoming request of this process (once; Node.js runtime only). */
export async function stampClientAddresses(): Promise<void> {
  if (state()) return;
  const { subscribe } = await import("node:diagnostics_channel");
  const stamp: StampState = { secret: crypto.randomUUID() };
  (globalThis as { [STATE]?: StampState })[STATE] = stamp;
  // Published by Node's HTTP server for each request before any handler (Next's included) sees it.
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: { headers: Record<string, string | string[] | undefined> }; socket: { remoteAddress?: string } };
    request.headers[CLIENT_ADDRESS_HEADER] = `${stamp.secret} ${socket.remoteAddress ?? ""}`;
  });
}

/** The socket address stamped on this request, or null (not stamped, or the header is a client's forgery). */
export function clientAddressOf(headers: Headers): string | null {
  const secret = state()?.secret;
  const value = headers.get(CLIENT_ADDRESS_HEADER);
  if (!secret || !value) return null;
  const [given, address] = value.split(" ");
  return given === secret && address ? address : null;
}
