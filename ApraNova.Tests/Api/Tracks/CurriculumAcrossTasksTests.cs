using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Tracks;
using Microsoft.Extensions.DependencyInjection;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Tracks;

/// <summary>
/// Two api tasks over one PostgreSQL and one Redis, as behind the load balancer: each serves the
/// catalogue from its own memory, so a change made through one must reach the other's copy.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CurriculumAcrossTasksTests(ApiFactory api)
{
    /// <summary>The requirement: an admin's change is visible on every task within one second.</summary>
    private static readonly TimeSpan VisibleWithin = TimeSpan.FromSeconds(1);

    private readonly LearningDriver driver = new(api);

    [Fact]
    public async Task A_price_change_made_on_one_task_is_served_by_the_other_within_a_second()
    {
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.Text]));
        var admin = await driver.AdminAsync();

        await using var otherTask = new ApiFactory { SharedDatabaseName = api.DatabaseName };
        await ((IAsyncLifetime)otherTask).InitializeAsync();
        try
        {
            var visitor = otherTask.CreateApiClient();
            // The other task holds the catalogue in memory...
            Assert.Equal(1000, (await Read<TrackDetail>(HttpStatusCode.OK, await visitor.GetAsync($"/api/tracks/{track.Code}"))).PriceCents);
            // ...and trusts it without limit once it provably hears Redis: what follows tests the
            // pushed invalidation, not the one-second lifetime a task uses while it cannot.
            await WaitUntilAsync(() => otherTask.Services.GetRequiredService<TrackCatalog>().Changes.IsLive, TimeSpan.FromSeconds(60),
                "the other task listens to curriculum changes");
            Assert.Equal(1000, (await Read<TrackDetail>(HttpStatusCode.OK, await visitor.GetAsync($"/api/tracks/{track.Code}"))).PriceCents);

            await Expect(HttpStatusCode.OK, await admin.PutAsJsonAsync($"/api/admin/tracks/{track.Code}",
                new { name = track.Name, description = track.Description, priceCents = 4242, currency = "usd" }));
            var changed = Stopwatch.GetTimestamp();

            // Poll the other task. A request sent within the bound that answers the new price proves
            // it; how long the answer itself takes on a loaded machine is not what is measured.
            while (true)
            {
                var sentAfter = Stopwatch.GetElapsedTime(changed);
                Assert.True(sentAfter <= VisibleWithin, $"the other task still served the old price {sentAfter.TotalMilliseconds:0} ms after the change");
                var detail = await Read<TrackDetail>(HttpStatusCode.OK, await visitor.GetAsync($"/api/tracks/{track.Code}"));
                if (detail.PriceCents == 4242)
                    break;
                Assert.Equal(1000, detail.PriceCents);
                await Task.Delay(20);
            }
            // The list is served from the same copy.
            var list = await Read<List<TrackSummary>>(HttpStatusCode.OK, await visitor.GetAsync("/api/tracks"));
            Assert.Equal(4242, Assert.Single(list, t => t.Code == track.Code).PriceCents);
        }
        finally
        {
            await ((IAsyncLifetime)otherTask).DisposeAsync();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, $"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }
}
