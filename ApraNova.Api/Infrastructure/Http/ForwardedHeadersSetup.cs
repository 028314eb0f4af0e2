using System.Net;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.HttpOverrides;

namespace ApraNova.Api.Infrastructure.Http;

/// <summary>
/// The client address (per-IP rate limits) and scheme (Secure cookies) come from
/// <c>X-Forwarded-For</c>/<c>-Proto</c> only when the connection comes from the real proxy;
/// anyone else's headers are ignored, so a client cannot pick its own limit bucket or push
/// another client into one.
/// <list type="bullet">
/// <item>In AWS the proxy is the ALB, somewhere in the VPC: <c>ForwardedHeaders:KnownNetworks</c>
/// lists the VPC CIDR (e.g. <c>ForwardedHeaders__KnownNetworks__0=10.0.0.0/16</c>). The ALB appends
/// the address it saw, so the rightmost entry is the client and whatever a client wrote into the
/// header itself stays to the left, unread (one hop: <c>ForwardLimit = 1</c>).</item>
/// <item>Locally the proxy is the web's <c>/api</c> forwarder on the same machine: by default only
/// loopback peers are trusted, and the forwarder overwrites the header with the socket address it
/// saw (ApraNova.Web/lib/forward.ts).</item>
/// </list>
/// <c>ForwardedHeaders:KnownProxies</c> adds single addresses. Configured lists replace the loopback default.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string Section = "ForwardedHeaders";

    public static IHostApplicationBuilder AddApiForwardedHeaders(this IHostApplicationBuilder builder)
    {
        // ASPNETCORE_FORWARDEDHEADERS_ENABLED=true (Aspire sets it on every project) would make the
        // host insert a second forwarded-headers middleware, first in the pipeline, that trusts
        // every peer. The header is applied once, by UseForwardedHeaders with the trust below.
        builder.Configuration["ForwardedHeaders_Enabled"] = "false";

        var networks = Parse(builder.Configuration, "KnownNetworks", IPNetwork.Parse);
        var proxies = Parse(builder.Configuration, "KnownProxies", IPAddress.Parse);
        if (networks.Count + proxies.Count == 0)
        {
            networks.Add(new IPNetwork(IPAddress.Loopback, 8));
            proxies.Add(IPAddress.IPv6Loopback);
        }
        // Post-configured, so this is the final word whatever the host configured before.
        builder.Services.PostConfigure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            networks.ForEach(options.KnownIPNetworks.Add);
            proxies.ForEach(options.KnownProxies.Add);
        });
        return builder;
    }

    /// <summary>Trusted peers as configured; a value that does not parse stops the api at start-up, naming it.</summary>
    private static List<T> Parse<T>(IConfiguration configuration, string key, Func<string, T> parse)
    {
        var values = configuration.GetSection($"{Section}:{key}").Get<string[]>() ?? [];
        var parsed = new List<T>();
        foreach (var value in values.Where(value => !string.IsNullOrWhiteSpace(value)))
        {
            try
            {
                parsed.Add(parse(value.Trim()));
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException($"{Section}:{key} has '{value}', which is not an IP {(typeof(T) == typeof(IPNetwork) ? "network (CIDR)" : "address")}.", ex);
            }
        }
        return parsed;
    }
}
