import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // A self-contained server (node .next/standalone/server.js) for the container image.
  output: "standalone",
  poweredByHeader: false,
  // The build must work offline: no telemetry, no remote fonts or images.
  images: { unoptimized: true },
};

export default nextConfig;
