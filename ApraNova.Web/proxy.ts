import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { forwardToApi } from "@/lib/forward";

/**
 * Paths Next.js cannot route, or the api's server would refuse: a malformed percent-encoding (`/api/%ZZ`) or one that is not UTF-8
 * (`/api/tracks/%C0%AE`) makes Next fail (a 500 in production) before any route handler runs.
 * /api and /admin paths go to the api as they are, as the ALB sends them, and the api answers its
 * ProblemDetails; any other such path is a plain 400. Everything else passes on untouched (the
 * /api and /admin route handlers forward too).
 */
export async function proxy(request: NextRequest): Promise<Response> {
  const { pathname } = request.nextUrl;
  const decoded = decode(pathname);
  const forApi = /^\/(api|admin)(\/|$)/.test(pathname);
  // Control characters (`/api/tracks/%00`): the api's HTTP server refuses them with a bare 400
  // before the api runs, so the answer is given here, in the api's own problem format.
  if (decoded !== null && /[\u0000-\u001F\u007F]/.test(decoded))
    return forApi ? problem(400, "Bad request", "The path contains control characters.") : badRequest();
  if (decoded !== null) return NextResponse.next();
  return forApi ? forwardToApi(request) : badRequest();
}

function decode(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

function badRequest(): Response {
  return new Response("Bad request: the address is not valid.", { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
}

function problem(status: number, title: string, detail: string): Response {
  return new Response(JSON.stringify({ title, status, detail }), { status, headers: { "content-type": "application/problem+json" } });
}

// Every path but Next's own build assets.
export const config = { matcher: ["/((?!_next/static|_next/image).*)"] };
