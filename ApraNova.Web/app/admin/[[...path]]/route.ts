import { forwardToApi } from "@/lib/forward";

// Never cached, never run at build time: every call goes to the api.
export const dynamic = "force-dynamic";

const handler = (request: Request) => forwardToApi(request);

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as HEAD, handler as OPTIONS };
