using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ApraNova.Tests.Hosting.Aws;

namespace ApraNova.Tests.Rehearsal;

/// <summary>The rehearsal's collector stand-in understands what the api's exporter sends (OTLP over gRPC).</summary>
public sealed class OtlpReceiverTests
{
    [Fact]
    public async Task Spans_exported_over_grpc_arrive_with_their_service_trace_and_parent()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var source = new ActivitySource("rehearsal-test-" + Guid.NewGuid().ToString("N"));
        using (var provider = Sdk.CreateTracerProviderBuilder()
                   .AddSource(source.Name)
                   .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("api"))
                   .AddOtlpExporter(o =>
                   {
                       o.Endpoint = new Uri(receiver.Endpoint);
                       o.Protocol = OtlpExportProtocol.Grpc;
                   })
                   .Build())
        {
            using (var parent = source.StartActivity("parent", ActivityKind.Server))
            using (var child = source.StartActivity("child", ActivityKind.Client))
            {
            }
            Assert.True(provider.ForceFlush(10_000));
        }

        var spans = receiver.Spans.ToList();
        Assert.Equal(2, spans.Count);
        Assert.All(spans, s => Assert.Equal("api", s.Service));
        var parentSpan = spans.Single(s => s.Name == "parent");
        var childSpan = spans.Single(s => s.Name == "child");
        Assert.Equal(parentSpan.TraceId, childSpan.TraceId);
        Assert.Equal(parentSpan.SpanId, childSpan.ParentSpanId);
        Assert.Equal(32, parentSpan.TraceId.Length);
    }

    [RequiresToolsFact("node")]
    public async Task Spans_the_webs_exporter_sends_arrive_too()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var web = Path.Combine(RehearsalProcess.RepositoryRoot, "ApraNova.Web");
        // Always through the install step: it holds the folder's lock, so a test (or AppHost) that
        // is running npm ci meanwhile is waited for. Checking for the package's folder instead saw
        // it half-written by such an install once (CI: "Cannot find module").
        await ApraNova.Tests.Web.WebProject.EnsureInstalledAsync(CancellationToken.None);
        // The web's own exporter and SDK (instrumentation.node.ts), one span, flushed.
        const string script = """
            const { OTLPTraceExporter } = require("@opentelemetry/exporter-trace-otlp-grpc");
            const { BasicTracerProvider, TracerProvider, SimpleSpanProcessor } = require("@opentelemetry/sdk-trace");
            const { resourceFromAttributes } = require("@opentelemetry/resources");
            const Provider = TracerProvider ?? BasicTracerProvider;
            const provider = new Provider({ resource: resourceFromAttributes({ "service.name": "web" }), spanProcessors: [new SimpleSpanProcessor({ exporter: new OTLPTraceExporter() })] });
            provider.getTracer("t").startSpan("render").end();
            provider.forceFlush().then(() => provider.shutdown()).then(() => console.log("flushed"), (e) => { console.error(e); process.exit(1); });
            """;
        var start = new ProcessStartInfo("node", ["-e", script]) { WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint;
        start.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
        var (exitCode, output) = await ApraNova.Tests.Hosting.Aws.ExternalProcess.RunAsync(start, TimeSpan.FromMinutes(1));
        Assert.True(exitCode == 0, output);
        var span = Assert.Single(receiver.Spans);
        Assert.Equal("web", span.Service);
        Assert.Equal("render", span.Name);
    }
}
