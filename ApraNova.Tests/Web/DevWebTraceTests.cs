using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ApraNova.Tests.Rehearsal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ApraNova.Tests.Web;

/// <summary>
/// The web in development mode (<c>next dev</c>, as the AppHost runs it with --web-mode=dev),
/// exporting over OTLP/gRPC as Aspire configures it: its server-side calls to the api (the /api
/// forwarder and a page rendered from the api) carry a traceparent whose parent is a span the web
/// exported, in a trace that starts in the web. (The production build is checked by the
/// rehearsal; that the api continues a traceparent, by TraceContextTests.)
/// </summary>
public sealed class DevWebTraceTests
{
    [Fact]
    public async Task The_dev_webs_calls_to_the_api_continue_the_webs_own_trace()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await WebProject.EnsureInstalledAsync(timeout.Token);
        await using var otlp = await OtlpReceiver.StartAsync();
        await using var api = await RecordingApi.StartAsync();

        var port = Ports.Free();
        var start = new ProcessStartInfo("node", [Path.Combine("node_modules", "next", "dist", "bin", "next"), "dev", "--hostname", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            WorkingDirectory = WebProject.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["API_URL"] = api.Url;
        start.Environment["NODE_ENV"] = "development";
        start.Environment["NEXT_TELEMETRY_DISABLED"] = "1";
        // What the AppHost's WithOtlpExporter gives the web in a local run.
        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.Endpoint;
        start.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
        start.Environment["OTEL_SERVICE_NAME"] = "web";
        start.Environment["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
        var log = new ConcurrentQueue<string>();
        using var web = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        web.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        web.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        web.BeginOutputReadLine();
        web.BeginErrorReadLine();
        try
        {
            // No trace context of the test's own: the traces must start in the web.
            using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ActivityHeadersPropagator = null })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromMinutes(3), // the first request to a route compiles it
            };
            await WaitUntilAsync(async () =>
            {
                Assert.False(web.HasExited, $"next dev exited:\n{string.Join('\n', log)}");
                try
                {
                    using var _ = await http.GetAsync("/api/auth/me", timeout.Token);
                    return true;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, timeout.Token);

            // Through the /api forwarder, and a page the web renders from the api.
            using (var me = await http.GetAsync("/api/auth/me", timeout.Token))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
            }
            var certificate = Guid.NewGuid();
            using (var page = await http.GetAsync($"/certificates/{certificate}", timeout.Token))
            {
                Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            }

            foreach (var path in new[] { "/api/auth/me", $"/api/certificates/{certificate}" })
            {
                var traceparent = api.Seen.Where(s => s.Path == path).Select(s => s.Traceparent).LastOrDefault();
                Assert.False(string.IsNullOrEmpty(traceparent), $"{path} reached the api without a traceparent.");
                var parts = traceparent!.Split('-');
                Assert.Equal(4, parts.Length);
                var (traceId, parentId) = (parts[1], parts[2]);
                // The parent is the web's own call to the api, in a trace the web started.
                await WaitUntilAsync(() => Task.FromResult(
                    otlp.Spans.Any(s => s.Service == "web" && s.TraceId == traceId && s.SpanId == parentId && s.Kind == 3)
                    && otlp.Spans.Any(s => s.Service == "web" && s.TraceId == traceId && s.ParentSpanId.Length == 0)), timeout.Token,
                    () => $"{path}: no exported web span {parentId} (client) in a trace {traceId} rooted in the web; web spans of that trace: " +
                        string.Join(", ", otlp.Spans.Where(s => s.TraceId == traceId).Select(s => $"{s.Name} {s.SpanId}←{s.ParentSpanId}")));
            }
        }
        finally
        {
            if (!web.HasExited)
                web.Kill(entireProcessTree: true);
            await web.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken, Func<string>? describe = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(3));
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
                throw new TimeoutException(describe?.Invoke() ?? "Condition not met within 3 minutes.");
            await Task.Delay(250, CancellationToken.None);
        }
    }

    /// <summary>A stand-in for the api that records each request's path and traceparent.</summary>
    private sealed class RecordingApi : IAsyncDisposable
    {
        private readonly WebApplication app;

        private RecordingApi(WebApplication app, string url) => (this.app, Url) = (app, url);

        public string Url { get; }

        public ConcurrentQueue<(string Path, string? Traceparent)> Seen { get; } = new();

        public static async Task<RecordingApi> StartAsync()
        {
            var port = Ports.Free();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port));
            var app = builder.Build();
            var api = new RecordingApi(app, $"http://127.0.0.1:{port}");
            app.Run(async context =>
            {
                api.Seen.Enqueue((context.Request.Path.Value ?? "", context.Request.Headers.TraceParent.FirstOrDefault()));
                // As the api answers an anonymous /api/auth/me and an unknown certificate.
                context.Response.StatusCode = context.Request.Path.StartsWithSegments("/api/auth") ? 401 : 404;
                context.Response.ContentType = "application/problem+json";
                await context.Response.WriteAsync("{\"title\":\"Not here\"}");
            });
            await app.StartAsync();
            return api;
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
