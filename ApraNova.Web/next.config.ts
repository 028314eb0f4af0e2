import type { NextConfig } from "next";
import { securityHeaders } from "./lib/securityHeaders";

const nextConfig: NextConfig = {
  // A self-contained server (node .next/standalone/server.js) for the container image.
  output: "standalone",
  poweredByHeader: false,
  // The build must work offline: no telemetry, no remote fonts or images.
  images: { unoptimized: true },
  // The OTLP/gRPC exporter (instrumentation.node.ts) loaded from node_modules, not bundled: a
  // bundled copy of @grpc/grpc-js makes credentials the channel's own copy does not recognise
  // ("Channel credentials must be a ChannelCredentials object") and no span is ever exported.
  serverExternalPackages: ["@grpc/grpc-js", "@opentelemetry/exporter-trace-otlp-grpc", "@opentelemetry/otlp-grpc-exporter-base"],
  // CSP, no framing, referrer and permissions policies, HSTS behind TLS (lib/securityHeaders.ts).
  async headers() {
    return securityHeaders(process.env.NODE_ENV !== "production");
  },
};

export default nextConfig;
