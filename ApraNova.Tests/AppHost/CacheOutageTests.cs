using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace ApraNova.Tests.AppHost;

/// <summary>
/// Stops the redis resource through Aspire's own stop/start commands (what the dashboard's buttons
/// do) and watches the api's readiness follow it. It leaves every resource healthy again, so the
/// other tests of the collection do not depend on running before or after it.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class CacheOutageTests(AppHostFixture fixture)
{
    // Not a performance bound: how long we are willing to wait for each transition before failing.
    private static readonly TimeSpan Patience = AppHostFixture.RecoveryTimeout;

    [Fact]
    public async Task Stopping_redis_makes_health_503_naming_the_cache_and_starting_it_brings_200_back()
    {
        var commands = fixture.App.Services.GetRequiredService<ResourceCommandService>();
        using var api = fixture.CreateApiClient();

        var stop = await commands.ExecuteCommandAsync(ResourceNames.Redis, KnownResourceCommands.StopCommand);
        Assert.True(stop.Success, stop.Message);
        try
        {
            var (status, checks) = await WaitForHealthAsync(api, HttpStatusCode.ServiceUnavailable);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("Unhealthy", checks.GetProperty("cache").GetProperty("status").GetString());
            Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        }
        finally
        {
            var start = await commands.ExecuteCommandAsync(ResourceNames.Redis, KnownResourceCommands.StartCommand);
            Assert.True(start.Success, start.Message);
            using var recovery = new CancellationTokenSource(AppHostFixture.RecoveryTimeout);
            await fixture.WaitUntilHealthyAsync(recovery.Token);
        }

        var (recovered, recoveredChecks) = await WaitForHealthAsync(api, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, recovered);
        Assert.Equal("Healthy", recoveredChecks.GetProperty("cache").GetProperty("status").GetString());
    }

    /// <summary>Polls /health until it answers <paramref name="expected"/> (or patience runs out) and returns the last answer.</summary>
    private static async Task<(HttpStatusCode Status, JsonElement Checks)> WaitForHealthAsync(HttpClient api, HttpStatusCode expected)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            using var response = await api.GetAsync("/health", CancellationToken.None);
            var checks = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").Clone();
            if (response.StatusCode == expected || patience.IsCancellationRequested)
            {
                return (response.StatusCode, checks);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
        }
    }
}
