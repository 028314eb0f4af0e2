// Traces go to the OTLP endpoint Aspire (or the ECS task's collector) names; with none set the
// SDK is not even loaded, so an unconfigured server pays nothing for it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Every request gets the socket address it came from, for the /api forwarder (lib/clientAddress.ts).
  await (await import("./lib/clientAddress")).stampClientAddresses();
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    await import("./instrumentation.node");
  }
}
