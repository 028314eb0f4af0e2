using ApraNova.Tests.Api;

namespace ApraNova.Tests.Faults;

/// <summary>
/// Every request from a client address of its own (X-Forwarded-For over loopback, which the api
/// trusts as the load balancer's): many people each doing one thing, so the per-address limits
/// never throttle the load itself, only the one client a test points at them.
/// </summary>
public sealed class RotatingClientIpHandler : DelegatingHandler
{
    public RotatingClientIpHandler(HttpMessageHandler inner) : base(inner)
    {
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove("X-Forwarded-For");
        request.Headers.Add("X-Forwarded-For", ClientIpHandler.NextUniqueAddress().ToString());
        return base.SendAsync(request, cancellationToken);
    }
}
