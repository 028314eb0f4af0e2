using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ApraNova.Tests.Api.Auth.RefreshCookies;

namespace ApraNova.Tests.Api.Auth;

/// <summary>
/// Refresh rotation consumes the presented token with a conditional UPDATE (<c>WHERE revoked_at IS
/// NULL</c>). The race it exists for is forced here: every request has read the token as live
/// before any of them runs its UPDATE (a barrier on that command), and exactly one may win.
/// Without the condition every racer wins (checked by removing it: this test then fails).
/// </summary>
public sealed class RefreshRotationRaceTests : IAsyncLifetime
{
    private const int Racers = 8;
    // The rotation's UPDATE: the only one that sets replaced_by_id.
    private readonly CommandBarrier barrier = new(Racers, "UPDATE refresh_tokens", "replaced_by_id");
    private readonly ApiFactory api;

    public RefreshRotationRaceTests()
    {
        api = new ApiFactory { ConfigureServices = services => services.ConfigureDbContext<ApraNovaDbContext>(options => options.AddInterceptors(barrier)) };
    }

    public Task InitializeAsync() => ((IAsyncLifetime)api).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)api).DisposeAsync();

    [Fact]
    public async Task Concurrent_refreshes_with_one_token_let_exactly_one_through()
    {
        var client = api.CreateApiClient(handleCookies: false);
        var signUp = await ApiFactory.SignUpAsync(client, ApiFactory.NewEmail(), fullName: "Racer");
        var token = RefreshCookieValue(signUp)!;

        var responses = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => RefreshWithAsync(client, token)));

        Assert.True(barrier.Released, "the racers did not all reach the rotation's UPDATE together");
        var statuses = responses.Select(response => response.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(Racers - 1, statuses.Count(status => status == HttpStatusCode.Unauthorized));
        // The losers presented a token already consumed: reuse, so the family is revoked and audited.
        await using var scope = api.CreateDbScope();
        Assert.True(await scope.Db.AuditEntries.AnyAsync(entry => entry.Action == "auth.refresh_token_reused"));
    }
}
