using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace ApraNova;

/// <summary>
/// Which requests are traced. Recording and exporting a span for every request cost the api
/// about 15 % of its CPU on its busiest public endpoint (bench/run-all.sh), so outside
/// development a ratio of traces is kept:
/// <list type="bullet">
/// <item>a trace started here (no caller's context) is kept for a ratio of trace ids;</item>
/// <item>a trace continued from a caller follows the caller's decision (W3C <c>traceparent</c>
/// sampled flag), as OpenTelemetry's parent-based default does: the web decides for the pages it
/// renders, so a trace is whole (web → api → PostgreSQL / Redis) or absent. A ratio test of its
/// own here would keep only the traces both services' different ratio algorithms happen to
/// agree on. A client that sends <c>traceparent … -01</c> itself gets its own requests traced,
/// which costs it the tracing overhead of those requests only (they stay rate-limited);</item>
/// <item>spans inside a kept trace (database, Redis, HTTP calls) are all kept; nothing of a
/// dropped trace is.</item>
/// </list>
/// Metrics (request rates, durations, errors) and logs are not sampled: alarms and dashboards see
/// every request. The ratio is <c>OTEL_TRACES_SAMPLER_ARG</c> (0 to 1); by default 1 in
/// Development (every trace in the Aspire dashboard) and <see cref="DefaultRatio"/> elsewhere.
/// </summary>
public static class TraceSampling
{
    public const string RatioSetting = "OTEL_TRACES_SAMPLER_ARG";
    public const double DefaultRatio = 0.1;

    public static Sampler Create(IConfiguration configuration, IHostEnvironment environment)
    {
        var ratio = double.TryParse(configuration[RatioSetting], NumberStyles.Float, CultureInfo.InvariantCulture, out var configured)
            ? Math.Clamp(configured, 0, 1)
            : environment.IsDevelopment() ? 1 : DefaultRatio;
        return Create(ratio);
    }

    /// <summary>The sampler keeping <paramref name="ratio"/> (0 to 1) of the traces that start here.</summary>
    public static Sampler Create(double ratio)
    {
        // Background chatter (a client span with no parent) never starts a trace, whatever the ratio.
        Sampler roots = ratio >= 1 ? new AlwaysOnSampler() : new TraceIdRatioBasedSampler(ratio);
        return new ParentBasedSampler(new BackgroundChatterSampler(roots));
    }
}
