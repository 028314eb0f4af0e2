using System.Net;
using System.Net.Http.Json;

namespace ApraNova.Tests.Api.Http;

/// <summary>
/// Per-IP limits count the address of the connection, or the one the real proxy appended, never
/// one a client wrote: a spoofed <c>X-Forwarded-For</c> neither escapes a limit nor lands another
/// client in one. (Through the web's forwarder: ApraNova.Web/tests/forward-client-address.test.ts.)
/// </summary>
public sealed class ForwardedHeadersTests(ProxiedApiFixture fixture) : IClassFixture<ProxiedApiFixture>
{
    private const int LoginPerIpLimit = 30; // ApiFactory keeps the production size

    [Fact]
    public async Task A_client_connecting_directly_cannot_choose_its_address_with_the_header()
    {
        var attacker = fixture.Api.CreateSocketClient(ProxiedApiFixture.NextPeer());
        var victimAddress = ProxiedApiFixture.NextPeer();

        // Every attempt claims another address, half of them the victim's.
        for (var attempt = 1; attempt <= LoginPerIpLimit; attempt++)
        {
            var claimed = attempt % 2 == 0 ? victimAddress : ProxiedApiFixture.NextPeer();
            Assert.Equal(HttpStatusCode.Unauthorized, (await FailedLogInAsync(attacker, claimed.ToString())).StatusCode);
        }

        // All of them counted against the attacker's own connection address: the limit holds...
        Assert.Equal(HttpStatusCode.TooManyRequests, (await FailedLogInAsync(attacker, ProxiedApiFixture.NextPeer().ToString())).StatusCode);
        // ...and the victim, whose address was claimed fifteen times, is not limited.
        var victim = fixture.Api.CreateSocketClient(victimAddress);
        Assert.Equal(HttpStatusCode.Unauthorized, (await FailedLogInAsync(victim, forwardedFor: null)).StatusCode);
    }

    [Fact]
    public async Task Behind_the_load_balancer_only_the_address_it_appended_counts()
    {
        var loadBalancer = fixture.Api.CreateSocketClient(fixture.LoadBalancer);
        var attackerAddress = ProxiedApiFixture.NextPeer();
        var victimAddress = ProxiedApiFixture.NextPeer();

        // The ALB appends the address it saw after whatever the client sent.
        for (var attempt = 1; attempt <= LoginPerIpLimit; attempt++)
        {
            var claimed = attempt % 2 == 0 ? victimAddress : ProxiedApiFixture.NextPeer();
            var response = await FailedLogInAsync(loadBalancer, $"{claimed}, {attackerAddress}");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests,
            (await FailedLogInAsync(loadBalancer, $"{ProxiedApiFixture.NextPeer()}, {attackerAddress}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await FailedLogInAsync(loadBalancer, victimAddress.ToString())).StatusCode);
    }

    /// <summary>A log-in for an email without an account (no account throttle answers, only the per-IP limit).</summary>
    private static async Task<HttpResponseMessage> FailedLogInAsync(HttpClient client, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { email = ApiFactory.NewEmail(), password = "guess-guess-guess" }),
        };
        if (forwardedFor is not null)
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request);
    }
}
