import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { forwardToApi } from "@/lib/forward";

/**
 * /api and /admin paths Next.js cannot route: a malformed percent-encoding (`/api/%ZZ`) or one that
 * is not UTF-8 (`/api/tracks/%C0%AE`) makes Next answer its own error page before any route handler
 * runs. They go to the api as they are, as the ALB sends them, and the api answers its ProblemDetails.
 * Everything else passes on to the route handlers (app/api, app/admin), which forward too.
 */
export async function proxy(request: NextRequest): Promise<Response> {
  return isDecodable(request.nextUrl.pathname) ? NextResponse.next() : forwardToApi(request);
}

function isDecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export const config = { matcher: ["/api/:path*", "/admin", "/admin/:path*"] };
