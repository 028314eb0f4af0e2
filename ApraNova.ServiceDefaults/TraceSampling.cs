using System.Globalization;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Trace;

using Microsoft.Extensions.Hosting;

namespace ApraNova;

/// <summary>
/// Which requests are traced. Recording and exporting a span for every request cost the api
/// about 15 % of its CPU on its busiest public endpoint (bench/run-all.sh), so outside
/// development a ratio of traces is kept:
/// <list type="bullet">
/// <item>a trace started here (no caller's context) is kept for a ratio of trace ids;</item>
/// <item>a trace continued from a caller that sampled it is kept by the same ratio test on its
/// trace id: deterministic, so a caller sampling at the same ratio (another ApraNova service)
/// keeps whole traces, while a client cannot make the api trace every request by sending
/// <c>traceparent … -01</c>;</item>
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
        if (ratio >= 1)
            return new ParentBasedSampler(new BackgroundChatterSampler(new AlwaysOnSampler()));
        var byTraceId = new TraceIdRatioBasedSampler(ratio);
        return new ParentBasedSampler(new BackgroundChatterSampler(byTraceId),
            remoteParentSampled: byTraceId,
            remoteParentNotSampled: new AlwaysOffSampler(),
            localParentSampled: new AlwaysOnSampler(),
            localParentNotSampled: new AlwaysOffSampler());
    }
}
