using System.Diagnostics;
using OpenTelemetry.Trace;

namespace ApraNova;

/// <summary>
/// The root sampler of every ApraNova service: a trace starts where someone asked something of
/// the service (a request) or where its own code names a job (an internal span, e.g. the outbox
/// delivering a batch). A client span with no parent, i.e. a database, Redis or HTTP call made
/// outside any request or job (health checks' probes, the outbox's idle polls every few seconds,
/// Data Protection's key refresh), is background chatter and starts no trace; locally it would
/// bury the request traces in the dashboard, in AWS every one is a billed X-Ray trace.
/// Every other root goes to <paramref name="roots"/> (all of them, or a ratio: see
/// <see cref="TraceSampling"/>); spans with a parent follow their parent's decision
/// (<see cref="ParentBasedSampler"/>).
/// </summary>
public sealed class BackgroundChatterSampler(Sampler roots) : Sampler
{
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind == ActivityKind.Client
            ? new SamplingResult(SamplingDecision.Drop)
            : roots.ShouldSample(samplingParameters);
}
