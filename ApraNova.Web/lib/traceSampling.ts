import { AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler, type Sampler } from "@opentelemetry/sdk-trace";

/** The share of traces kept outside development, as the api keeps (ApraNova.ServiceDefaults/TraceSampling.cs). */
export const DEFAULT_TRACE_RATIO = 0.1;

/**
 * Which requests the web traces. Recording and exporting every request's spans cost the web 19 –
 * 33 % of its throughput under its 0.25 vCPU (its three bench/run-all.sh rows against a stand-in
 * api, telemetry on against off), so outside development a ratio of traces is kept:
 * - a trace that starts here (a browser's request: the web is the front door) is kept for a ratio
 *   of trace ids: OTEL_TRACES_SAMPLER_ARG (0 to 1), or all or none when OTEL_TRACES_SAMPLER says
 *   always_on / always_off (Aspire's run mode sets always_on: every trace in its dashboard);
 *   by default 1 in development and DEFAULT_TRACE_RATIO in production (NODE_ENV), as the api;
 * - a trace continued from a caller's traceparent follows the caller's decision (always parent-based);
 * - the decision travels to the api in the traceparent it is sent (lib/traceContext.ts), and the
 *   api follows it: a trace is whole (web → api → PostgreSQL / Redis) or absent.
 */
export function traceSampler(env: Record<string, string | undefined> = process.env): Sampler {
  const ratio = namedRatio(env.OTEL_TRACES_SAMPLER) ?? configuredRatio(env.OTEL_TRACES_SAMPLER_ARG) ?? (env.NODE_ENV === "production" ? DEFAULT_TRACE_RATIO : 1);
  return new ParentBasedSampler({ root: ratio >= 1 ? new AlwaysOnSampler() : new TraceIdRatioBasedSampler(ratio) });
}

function namedRatio(sampler: string | undefined): number | undefined {
  const name = sampler?.trim().toLowerCase().replace(/^parentbased_/, "");
  return name === "always_on" ? 1 : name === "always_off" ? 0 : undefined;
}

function configuredRatio(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const ratio = Number(value);
  return Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : undefined;
}
