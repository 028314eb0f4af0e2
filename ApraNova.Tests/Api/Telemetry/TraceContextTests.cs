using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using OpenTelemetry.Trace;

namespace ApraNova.Tests.Api.Telemetry;

/// <summary>
/// One trace per request: the api continues the trace the web sends (traceparent), its database
/// and cache calls join it, and health probes start none (architecture §10; DESIGN §9).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TraceContextTests : IDisposable
{
    private readonly ApiFactory api;
    private readonly ConcurrentBag<Activity> _stopped = [];
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = _ => true,
        // PropagationData: this listener watches without asking for recording, so Activity.Recorded
        // is what the api's own sampler decided.
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
    };

    public TraceContextTests(ApiFactory api)
    {
        this.api = api;
        _listener.ActivityStopped = _stopped.Add;
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task The_api_continues_the_webs_trace_down_to_its_database_and_cache_calls()
    {
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { email = ApiFactory.NewEmail(), password = "not-the-password" }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await api.CreateApiClient().SendAsync(request);

        var spans = await RecordedAsync(traceId, s => s.Any(a => a.Kind == ActivityKind.Client));
        Assert.Contains(spans, a => a.Kind == ActivityKind.Server && a.OperationName.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Contains(spans, a => a.Kind == ActivityKind.Client); // PostgreSQL or Redis, inside the request's trace
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_probes_record_no_span_at_all(string path)
    {
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await api.CreateApiClient().SendAsync(request);
        response.EnsureSuccessStatusCode();

        // The probe's own activities have stopped once its answer is read; none of them was recorded.
        var seen = _stopped.Where(a => a.TraceId == traceId).ToList();
        Assert.NotEmpty(seen); // the probe ran (and was seen) ...
        Assert.DoesNotContain(seen, a => a.Recorded); // ... but nothing of it is exported
    }

    [Fact]
    public void A_call_made_outside_any_request_or_job_starts_no_trace_but_one_inside_a_trace_follows_it()
    {
        var sampler = ApraNova.TraceSampling.Create(ratio: 1);
        SamplingDecision Decide(ActivityContext parent, ActivityKind kind) =>
            sampler.ShouldSample(new SamplingParameters(parent, ActivityTraceId.CreateRandom(), "span", kind)).Decision;

        Assert.Equal(SamplingDecision.Drop, Decide(default, ActivityKind.Client));
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(default, ActivityKind.Server));
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(default, ActivityKind.Internal));
        var sampledParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(sampledParent, ActivityKind.Client));
    }

    [Fact]
    public void Outside_development_a_trace_started_here_is_kept_by_ratio_and_a_callers_decision_is_followed()
    {
        var sampler = ApraNova.TraceSampling.Create(ratio: 0.1);
        SamplingDecision Decide(ActivityContext parent, ActivityTraceId traceId) =>
            sampler.ShouldSample(new SamplingParameters(parent, traceId, "span", ActivityKind.Server)).Decision;
        var traceIds = Enumerable.Range(0, 2000).Select(_ => ActivityTraceId.CreateRandom()).ToList();

        // Roots: about a tenth kept (binomial, n = 2000, p = 0.1: 200 ± 6 sigma).
        var kept = traceIds.Count(id => Decide(default, id) == SamplingDecision.RecordAndSample);
        Assert.InRange(kept, 120, 280);
        // Continued from the web: every trace it sampled is kept whole, none it dropped.
        Assert.All(traceIds, id => Assert.Equal(SamplingDecision.RecordAndSample,
            Decide(new ActivityContext(id, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true), id)));
        Assert.All(traceIds, id => Assert.Equal(SamplingDecision.Drop,
            Decide(new ActivityContext(id, ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true), id)));
    }

    private async Task<List<Activity>> RecordedAsync(ActivityTraceId traceId, Func<List<Activity>, bool> complete)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var spans = _stopped.Where(a => a.TraceId == traceId && a.Recorded).ToList();
            if (complete(spans) || deadline.IsCancellationRequested)
            {
                return spans;
            }
            await Task.Delay(50);
        }
    }

    public void Dispose() => _listener.Dispose();
}
