using System.Net;
using System.Security.Cryptography;

namespace ApraNova.Tests.Api;

/// <summary>
/// Sets the client address the api sees (through its forwarded-headers handling), as the ALB does
/// with <c>X-Forwarded-For</c>. Per-IP rate-limit counters live in Redis, which every api of a test
/// run shares, so each client gets an address no other client of the run has
/// (<see cref="NextUniqueAddress"/>): a test's exact-count assertions never see another test's hits.
/// </summary>
public sealed class ClientIpHandler(IPAddress clientIp) : DelegatingHandler
{
    // A unique-local IPv6 prefix (fd00::/8, RFC 4193) with a random 40-bit id per test process, so
    // two runs sharing one Redis do not meet either; the last 64 bits count the clients of this run.
    private static readonly byte[] RunPrefix = [0xfd, .. RandomNumberGenerator.GetBytes(5), 0, 0];
    private static long lastClient;

    public IPAddress ClientIp => clientIp;

    /// <summary>An address never handed out before in this test process.</summary>
    public static IPAddress NextUniqueAddress()
    {
        var client = BitConverter.GetBytes(Interlocked.Increment(ref lastClient));
        if (BitConverter.IsLittleEndian)
            Array.Reverse(client);
        return new IPAddress([.. RunPrefix, .. client]);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove("X-Forwarded-For");
        request.Headers.Add("X-Forwarded-For", clientIp.ToString());
        return base.SendAsync(request, cancellationToken);
    }
}
