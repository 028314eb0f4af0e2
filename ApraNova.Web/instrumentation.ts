// Traces go to the OTLP endpoint Aspire (or the ECS task's collector) names; with none set the
// SDK is not even loaded, so an unconfigured server pays nothing for it.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    await import("./instrumentation.node");
  }
}
