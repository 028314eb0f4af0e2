using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace ApraNova.Tests.Rehearsal;

/// <summary>
/// A tiny OTLP/gRPC receiver, standing in for the collector sidecar: accepts the Export calls of
/// the trace, metrics and logs services over HTTP/2 without TLS (as the services' exporters speak
/// to localhost:4317) and keeps the spans' service, trace id, span id and parent.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, int port)
    {
        _app = app;
        Endpoint = $"http://127.0.0.1:{port}";
    }

    public string Endpoint { get; }

    public ConcurrentBag<ReceivedSpan> Spans { get; } = [];

    /// <summary>Export calls per signal ("traces", "metrics", "logs").</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    public static async Task<OtlpReceiver> StartAsync()
    {
        var port = Ports.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, o => o.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, port);
        app.MapPost("/opentelemetry.proto.collector.{signal}.v1.{service}/Export", async (string signal, HttpContext context) =>
        {
            var body = await ReadGrpcMessageAsync(context.Request);
            receiver.Calls.AddOrUpdate(signal, 1, (_, n) => n + 1);
            if (signal == "trace")
            {
                foreach (var span in OtlpTraceReader.Read(body))
                {
                    receiver.Spans.Add(span);
                }
            }
            // An empty Export…ServiceResponse, gRPC-framed, with status OK in the trailers.
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(new byte[5]);
            context.Response.AppendTrailer("grpc-status", "0");
        });
        await app.StartAsync();
        return receiver;
    }

    private static async Task<byte[]> ReadGrpcMessageAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var bytes = buffer.ToArray();
        if (bytes.Length < 5)
        {
            return [];
        }
        var length = (bytes[1] << 24) | (bytes[2] << 16) | (bytes[3] << 8) | bytes[4];
        var message = bytes.AsSpan(5, length).ToArray();
        if (bytes[0] == 1)
        {
            using var gzip = new GZipStream(new MemoryStream(message), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await gzip.CopyToAsync(plain);
            return plain.ToArray();
        }
        return message;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
