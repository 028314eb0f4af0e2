import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from "@opentelemetry/api";
import { SamplingDecision } from "@opentelemetry/sdk-trace";
import { describe, expect, it } from "vitest";
import { DEFAULT_TRACE_RATIO, traceSampler } from "../lib/traceSampling";

// 2,000 fixed trace ids (a linear congruential sequence): the ratio sampler decides on the id
// alone, so the counts below are the same on every run.
const traceIds = Array.from({ length: 2000 }, (_, i) => {
  let x = (i + 1) * 2654435761;
  const hex = Array.from({ length: 4 }, () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x.toString(16).padStart(8, "0")));
  return hex.join("");
});

type Env = Record<string, string | undefined>;
const keptRoots = (env: Env) =>
  traceIds.filter((id) => traceSampler(env).shouldSample(ROOT_CONTEXT, id, "GET /", SpanKind.SERVER, {}, []).decision === SamplingDecision.RECORD_AND_SAMPLED).length;

const withParent = (sampled: boolean) =>
  trace.setSpanContext(ROOT_CONTEXT, {
    traceId: traceIds[0],
    spanId: "00f067aa0ba902b7",
    traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });

describe("which requests the web traces", () => {
  it("in production, the default ratio of the traces that start here", () => {
    const kept = keptRoots({ NODE_ENV: "production" });
    expect(kept).toBeGreaterThan(2000 * DEFAULT_TRACE_RATIO * 0.6);
    expect(kept).toBeLessThan(2000 * DEFAULT_TRACE_RATIO * 1.4);
  });

  it("in development, every trace", () => {
    expect(keptRoots({ NODE_ENV: "development" })).toBe(2000);
  });

  it("OTEL_TRACES_SAMPLER_ARG sets the ratio, clamped to 0 – 1; a value that is not a number is ignored", () => {
    expect(keptRoots({ NODE_ENV: "production", OTEL_TRACES_SAMPLER_ARG: "1" })).toBe(2000);
    expect(keptRoots({ NODE_ENV: "production", OTEL_TRACES_SAMPLER_ARG: "0" })).toBe(0);
    expect(keptRoots({ NODE_ENV: "development", OTEL_TRACES_SAMPLER_ARG: "-3" })).toBe(0);
    expect(keptRoots({ NODE_ENV: "production", OTEL_TRACES_SAMPLER_ARG: "7" })).toBe(2000);
    const half = keptRoots({ NODE_ENV: "production", OTEL_TRACES_SAMPLER_ARG: "0.5" });
    expect(half).toBeGreaterThan(800);
    expect(half).toBeLessThan(1200);
    expect(keptRoots({ NODE_ENV: "production", OTEL_TRACES_SAMPLER_ARG: "lots" })).toBe(keptRoots({ NODE_ENV: "production" }));
    expect(keptRoots({ NODE_ENV: "development", OTEL_TRACES_SAMPLER_ARG: " " })).toBe(2000);
  });

  it("OTEL_TRACES_SAMPLER always_on / always_off (as Aspire's run mode sets it) keeps all or none", () => {
    expect(keptRoots({ NODE_ENV: "production", OTEL_TRACES_SAMPLER: "always_on" })).toBe(2000);
    expect(keptRoots({ NODE_ENV: "production", OTEL_TRACES_SAMPLER: "parentbased_always_off", OTEL_TRACES_SAMPLER_ARG: "1" })).toBe(0);
    expect(keptRoots({ NODE_ENV: "production", OTEL_TRACES_SAMPLER: "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG: "1" })).toBe(2000);
  });

  it("a trace continued from a caller follows the caller's decision, whatever the ratio", () => {
    const decide = (ratio: string, sampled: boolean) =>
      traceSampler({ NODE_ENV: "production", OTEL_TRACES_SAMPLER_ARG: ratio }).shouldSample(withParent(sampled), traceIds[0], "GET /", SpanKind.SERVER, {}, []).decision;
    expect(decide("0", true)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide("1", false)).toBe(SamplingDecision.NOT_RECORD);
  });
});
