import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { detectResources, envDetector, hostDetector, processDetector, resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, TracerProvider, type SpanExporter } from "@opentelemetry/sdk-trace";
import { flushBeforeExit } from "./lib/flushBeforeExit";
import { propagateTraceContextToApi } from "./lib/traceContext";
import { traceSampler } from "./lib/traceSampling";

// Next.js emits its own spans (incoming requests, rendering, fetch to the api) through the
// global OpenTelemetry API; registering a provider is enough to export them. Their context is
// sent on to the api by lib/traceContext.ts. The exporters read
// OTEL_EXPORTER_OTLP_ENDPOINT / _HEADERS themselves; OTEL_SERVICE_NAME and
// OTEL_RESOURCE_ATTRIBUTES (set by Aspire) name the resource.
async function createExporter(): Promise<SpanExporter> {
  const protocol = process.env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? process.env.OTEL_EXPORTER_OTLP_PROTOCOL ?? "http/protobuf";
  if (protocol === "grpc") {
    const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-grpc");
    return new OTLPTraceExporter();
  }
  const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-proto");
  return new OTLPTraceExporter();
}

const resource = resourceFromAttributes({ "service.name": process.env.OTEL_SERVICE_NAME ?? "web" }).merge(
  detectResources({ detectors: [envDetector, processDetector, hostDetector] }),
);
// The batch interval Aspire asks for (OTEL_BSP_SCHEDULE_DELAY: 1 s locally, so a request shows in
// the dashboard at once); this SDK does not read the variable itself. Else its default, 5 s.
const scheduledDelayMillis = Number(process.env.OTEL_BSP_SCHEDULE_DELAY) || undefined;
// A ratio of the traces that start here, outside development (lib/traceSampling.ts).
const provider = new TracerProvider({ resource, sampler: traceSampler(), spanProcessors: [new BatchSpanProcessor({ exporter: await createExporter(), scheduledDelayMillis })] });

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
trace.setGlobalTracerProvider(provider);
// Server-side calls to the api carry the trace context: one trace from the web through the api.
propagateTraceContextToApi();

// Export what is buffered when the container stops (ECS sends SIGTERM), before Next exits.
flushBeforeExit(() => provider.shutdown());
