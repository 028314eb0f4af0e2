using System.Collections.Concurrent;
using System.Net;
using ApraNova.Tests.Rehearsal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ApraNova.Tests.Faults;

/// <summary>
/// One front for several api instances, as the load balancer is for the api's tasks: requests go
/// round-robin to the targets that pass the health check (<c>GET /health</c> every 250 ms, 2 s to
/// answer; out after two failures, back after two successes); a request whose target fails is answered 502 and
/// not retried elsewhere (the ALB retries nothing either); the client address is forwarded in
/// <c>X-Forwarded-For</c> as the socket showed it.
/// </summary>
public sealed class RoundRobinFront : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(
        ["Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host", "X-Forwarded-For"],
        StringComparer.OrdinalIgnoreCase);

    private readonly WebApplication _app;
    private readonly IReadOnlyList<Uri> _targets;
    private readonly ConcurrentDictionary<Uri, bool> _healthy = new();
    private readonly ConcurrentDictionary<Uri, int> _streak = new();
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = Timeout.InfiniteTimeSpan, // the client's own timeout governs
    };
    private readonly CancellationTokenSource _stop = new();

    private readonly Task _healthChecks;
    private long _next;

    private RoundRobinFront(WebApplication app, int port, IReadOnlyList<Uri> targets)
    {
        _app = app;
        _targets = targets;
        Address = new Uri($"http://127.0.0.1:{port}");
        foreach (var target in targets)
        {
            _healthy[target] = true; // registered healthy, as a target that just passed its checks
        }
        _healthChecks = CheckHealthAsync();
    }

    public Uri Address { get; }

    /// <summary>Raised when a target leaves (false) or rejoins (true) the rotation.</summary>
    public event Action<Uri, bool>? ServiceChanged;

    /// <summary>Whether the front currently sends requests to <paramref name="target"/>.</summary>
    public bool IsInService(Uri target) => _healthy.GetValueOrDefault(target);

    public static async Task<RoundRobinFront> StartAsync(IReadOnlyList<Uri> targets)
    {
        var port = Ports.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var front = new RoundRobinFront(app, port, targets);
        app.Run(front.ForwardAsync);
        await app.StartAsync();
        return front;
    }

    private Uri? NextTarget()
    {
        for (var i = 0; i < _targets.Count; i++)
        {
            var target = _targets[(int)(Interlocked.Increment(ref _next) % _targets.Count)];
            if (_healthy.GetValueOrDefault(target))
            {
                return target;
            }
        }
        return null;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        if (NextTarget() is not { } target)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable; // no healthy target
            return;
        }
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(target, context.Request.Path + context.Request.QueryString));
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }
        foreach (var (name, values) in context.Request.Headers)
        {
            if (!HopByHop.Contains(name) && !request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1");

        HttpResponseMessage response;
        try
        {
            response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway; // the target died or refused: what the ALB answers
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
            try
            {
                await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                context.Abort(); // the target died mid-answer: the client sees the connection drop
            }
        }
    }

    private async Task CheckHealthAsync()
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (!_stop.IsCancellationRequested)
        {
            foreach (var target in _targets)
            {
                bool passed;
                try
                {
                    using var response = await probe.GetAsync(new Uri(target, "/health"), _stop.Token);
                    passed = response.StatusCode == HttpStatusCode.OK;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    passed = false;
                }
                var healthy = _healthy.GetValueOrDefault(target);
                if (passed == healthy)
                {
                    _streak[target] = 0;
                    continue;
                }
                // Two checks in a row that disagree with the current state flip it.
                if (_streak.AddOrUpdate(target, 1, (_, streak) => streak + 1) >= 2)
                {
                    _healthy[target] = passed;
                    _streak[target] = 0;
                    ServiceChanged?.Invoke(target, passed);
                }
            }
            try
            {
                await Task.Delay(250, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _healthChecks;
        await _app.DisposeAsync();
        _upstream.Dispose();
        _stop.Dispose();
    }
}
