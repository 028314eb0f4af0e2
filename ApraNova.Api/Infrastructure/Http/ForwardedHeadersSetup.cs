using Microsoft.AspNetCore.HttpOverrides;

namespace ApraNova.Api.Infrastructure.Http;

/// <summary>
/// Behind the ALB the connection comes from the load balancer; the client address is the
/// last entry of <c>X-Forwarded-For</c> (the ALB appends what it saw) and the scheme is
/// <c>X-Forwarded-Proto</c>. Per-IP rate limits and Secure cookies depend on both.
/// </summary>
public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddApiForwardedHeaders(this IServiceCollection services) =>
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Trust exactly one hop, the ALB: it appends the address it saw, so the rightmost entry
            // is the real client and anything a client wrote into the header itself stays to the
            // left and is ignored. The ALB's own addresses are not known in advance (they change
            // within the subnets), so the known-proxy lists are cleared; the security groups make
            // the ALB the only peer that can reach the api's port.
            options.ForwardLimit = 1;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
        });
}
