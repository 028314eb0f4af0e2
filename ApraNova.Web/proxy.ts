import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { forwardToApi } from "@/lib/forward";

/**
 * Paths Next.js cannot route: a malformed percent-encoding (`/api/%ZZ`) or one that is not UTF-8
 * (`/api/tracks/%C0%AE`) makes Next fail (a 500 in production) before any route handler runs.
 * /api and /admin paths go to the api as they are, as the ALB sends them, and the api answers its
 * ProblemDetails; any other such path is a plain 400. Everything else passes on untouched (the
 * /api and /admin route handlers forward too).
 */
export async function proxy(request: NextRequest): Promise<Response> {
  const { pathname } = request.nextUrl;
  if (isDecodable(pathname)) return NextResponse.next();
  if (/^\/(api|admin)(\/|$)/.test(pathname)) return forwardToApi(request);
  return new Response("Bad request: the address is not valid.", { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
}

function isDecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

// Every path but Next's own build assets.
export const config = { matcher: ["/((?!_next/static|_next/image).*)"] };
