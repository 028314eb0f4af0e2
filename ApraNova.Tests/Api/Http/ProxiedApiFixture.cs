using System.Net;
using System.Security.Cryptography;

namespace ApraNova.Tests.Api.Http;

/// <summary>
/// The api configured as in AWS (<c>ForwardedHeaders:KnownNetworks</c> = the VPC CIDR, here plus
/// one loopback address standing for the ALB), served on a real socket so the peer address is
/// real. Peers are random loopback addresses (all of 127.0.0.0/8 is loopback), so the per-IP
/// counters in the shared Redis are this run's own.
/// </summary>
public sealed class ProxiedApiFixture : IAsyncLifetime
{
    private static readonly byte[] RunPrefix = [127, .. RandomNumberGenerator.GetBytes(2)];
    private static int lastHost = 1;

    /// <summary>A loopback address no other peer of this run has.</summary>
    public static IPAddress NextPeer() => new([.. RunPrefix, (byte)Interlocked.Increment(ref lastHost)]);

    public IPAddress LoadBalancer { get; } = NextPeer();

    public ApiFactory Api { get; }

    public ProxiedApiFixture()
    {
        Api = new ApiFactory { ListenOnSocket = true };
        Api.Settings["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/16";
        Api.Settings["ForwardedHeaders:KnownProxies:0"] = LoadBalancer.ToString();
    }

    public Task InitializeAsync() => ((IAsyncLifetime)Api).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)Api).DisposeAsync();
}
