import type { NextConfig } from "next";
import { securityHeaders } from "./lib/securityHeaders";

const nextConfig: NextConfig = {
  // A self-contained server (node .next/standalone/server.js) for the container image.
  output: "standalone",
  poweredByHeader: false,
  // The build must work offline: no telemetry, no remote fonts or images.
  images: { unoptimized: true },
  // CSP, no framing, referrer and permissions policies, HSTS behind TLS (lib/securityHeaders.ts).
  async headers() {
    return securityHeaders(process.env.NODE_ENV !== "production");
  },
};

export default nextConfig;
