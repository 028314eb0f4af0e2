using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ApraNova.Tests.Rehearsal;

/// <summary>
/// A stand-in for the load balancer's listener rules (architecture §1): <c>/api/*</c> and
/// <c>/admin/*</c> to the api, everything else to the web; X-Forwarded-For appended with the
/// client's address (as the ALB appends), X-Forwarded-Proto and -Port set; Host kept; redirects
/// and bodies passed through untouched.
/// </summary>
public sealed class FrontDoor : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(
        ["Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host"],
        StringComparer.OrdinalIgnoreCase);

    private readonly WebApplication _app;

    // Trace context (traceparent, tracestate) passes through untouched, as the ALB passes request
    // headers through (it only adds X-Amzn-Trace-Id and starts no W3C trace of its own): the web
    // reaches the api through the load balancer (API_URL is its DNS name), so the web's context
    // must arrive at the api. The test's own clients send none (UntracedClient), so every trace
    // the rehearsal sees starts in the web, as a browser's request starts it in ECS.
    private readonly HttpClient _upstream = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        // Adds no context of the test process's own; what the caller sent passes as it came.
        ActivityHeadersPropagator = null,
    })
    {
        Timeout = TimeSpan.FromSeconds(120),
    };

    private FrontDoor(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What the template calls the load balancer's DNS name (http://{DnsName} is the public origin).</summary>
    public string DnsName => $"127.0.0.1:{Port}";

    public Uri Url => new($"http://{DnsName}");

    public Uri? Api { get; set; }

    public Uri? Web { get; set; }

    public static async Task<FrontDoor> StartAsync()
    {
        var port = Ports.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port));
        var app = builder.Build();
        var door = new FrontDoor(app, port);
        app.Run(door.ForwardAsync);
        await app.StartAsync();
        return door;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var toApi = path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/admin/", StringComparison.Ordinal);
        var target = (toApi ? Api : Web) ?? throw new InvalidOperationException("The front door has no target yet.");
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(target, path + context.Request.QueryString));
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }
        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopByHop.Contains(name) || name.Equals("X-Forwarded-For", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
        request.Headers.Host = context.Request.Host.Value;
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";
        var forwardedFor = context.Request.Headers["X-Forwarded-For"].ToString();
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", string.IsNullOrEmpty(forwardedFor) ? client : $"{forwardedFor}, {client}");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "http");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        HttpResponseMessage response;
        try
        {
            response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (HttpRequestException)
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway; // what the ALB answers when a target fails
            return;
        }
        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHop.Contains(name))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
