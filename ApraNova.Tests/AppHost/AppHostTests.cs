using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Npgsql;
using StackExchange.Redis;

namespace ApraNova.Tests.AppHost;

/// <summary>The whole application started by the AppHost, checked from outside like a user and an operator would.</summary>
[Collection(AppHostCollection.Name)]
public sealed class AppHostTests(AppHostFixture fixture)
{
    [Fact]
    public async Task Every_resource_is_running_and_healthy_and_setup_steps_finished()
    {
        // Another test of the collection (the Redis outage) may have just restarted a resource:
        // wait for health rather than read a snapshot taken in passing.
        using var timeout = new CancellationTokenSource(AppHostFixture.RecoveryTimeout);
        await fixture.WaitUntilHealthyAsync(timeout.Token);

        foreach (var name in AppHostFixture.ServiceResources)
        {
            Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState(name, out var resource), $"{name} is in the model");
            Assert.Equal(KnownResourceStates.Running, resource.Snapshot.State?.Text);
            Assert.All(resource.Snapshot.HealthReports, report => Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, report.Status));
        }
        foreach (var step in AppHostFixture.SetupSteps)
        {
            Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState(step, out var resource), $"{step} is in the model");
            Assert.Equal(KnownResourceStates.Finished, resource.Snapshot.State?.Text);
            Assert.Equal(0, resource.Snapshot.ExitCode);
        }
    }

    [Fact]
    public async Task Api_health_is_200_with_database_and_cache_checks()
    {
        using var api = fixture.CreateApiClient();
        using var response = await api.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("cache").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Web_serves_the_ApraNova_landing_page()
    {
        using var web = fixture.CreateWebClient();
        using var response = await web.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ApraNova", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Web_forwards_api_requests_to_the_api()
    {
        using var web = fixture.CreateWebClient();
        using var api = fixture.CreateApiClient();

        var throughWeb = await web.GetFromJsonAsync<JsonElement>("/api/tracks");
        var direct = await api.GetFromJsonAsync<JsonElement>("/api/tracks");

        Assert.Equal(JsonValueKind.Array, throughWeb.ValueKind);
        Assert.Contains(throughWeb.EnumerateArray(), track => track.GetProperty("code").GetString() == "DP");
        Assert.Equal(direct.GetRawText(), throughWeb.GetRawText());
    }

    [Fact]
    public async Task Signing_up_through_the_web_writes_the_user_row_to_PostgreSQL()
    {
        using var web = fixture.CreateWebClient();
        var email = $"apphost-{Guid.NewGuid():N}@example.com";

        // Sign-up is confirmed through the emailed link (here from the dev outbox, through the web too).
        using var response = await ApraNova.Tests.Api.ApiFactory.SignUpAsync(web, email, "Correct-horse-42!", "AppHost Test");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var connection = new NpgsqlConnection(await fixture.App.GetConnectionStringAsync(ResourceNames.Database));
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT full_name FROM users WHERE normalized_email = upper(@email)", connection);
        query.Parameters.AddWithValue("email", email);
        Assert.Equal("AppHost Test", await query.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_curriculum_change_announced_on_Redis_reaches_the_api()
    {
        using var api = fixture.CreateApiClient();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(
            (await fixture.App.GetConnectionStringAsync(ResourceNames.Redis))!);
        await using var db = new NpgsqlConnection(await fixture.App.GetConnectionStringAsync(ResourceNames.Database));
        await db.OpenAsync();
        var before = await DpPriceAsync(api);

        // Change the row behind the api's back, then announce it the way another api task does:
        // the api holds the catalogue in memory and drops it when the message arrives.
        await SetDpPriceAsync(db, redis, before + 1);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (await DpPriceAsync(api) != before + 1)
                await Task.Delay(100, timeout.Token);
        }
        finally
        {
            await SetDpPriceAsync(db, redis, before);
        }

        static async Task<long> DpPriceAsync(HttpClient api)
        {
            var tracks = await api.GetFromJsonAsync<JsonElement>("/api/tracks");
            return tracks.EnumerateArray().Single(track => track.GetProperty("code").GetString() == "DP").GetProperty("priceCents").GetInt64();
        }

        static async Task SetDpPriceAsync(NpgsqlConnection db, ConnectionMultiplexer redis, long priceCents)
        {
            await using var update = new NpgsqlCommand("UPDATE tracks SET price_cents = @price WHERE code = 'DP'", db);
            update.Parameters.AddWithValue("price", priceCents);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
            await redis.GetSubscriber().PublishAsync(
                RedisChannel.Literal($"apranova:{ResourceNames.DatabaseName}:curriculum:changed"), "changed:apphost-test");
        }
    }
}
