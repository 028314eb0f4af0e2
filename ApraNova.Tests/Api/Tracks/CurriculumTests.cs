using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Tracks;

[Collection(ApiCollection.Name)]
public sealed class CurriculumTests(ApiFactory api)
{
    private readonly LearningDriver driver = new(api);

    [Fact]
    public async Task Both_launch_tracks_are_seeded_with_real_projects_and_every_deliverable_kind()
    {
        var client = api.CreateApiClient();
        var tracks = await Read<List<TrackSummary>>(HttpStatusCode.OK, await client.GetAsync("/api/tracks"));
        Assert.Contains(tracks, t => t is { Code: "DP", Name: "Data Professional", Currency: "usd" });
        Assert.Contains(tracks, t => t is { Code: "FSD", Name: "Full-Stack Developer", Currency: "usd" });

        foreach (var code in new[] { "DP", "FSD" })
        {
            var track = await Read<TrackDetail>(HttpStatusCode.OK, await client.GetAsync($"/api/tracks/{code.ToLowerInvariant()}"));
            Assert.True(track.Projects.Count >= 3);
            Assert.Equal(Enumerable.Range(1, track.Projects.Count), track.Projects.Select(p => p.Position));
            Assert.All(track.Projects, p =>
            {
                Assert.True(p.Steps.Count >= 3);
                Assert.All(p.Steps, s => Assert.False(string.IsNullOrWhiteSpace(s.Instructions)));
                Assert.NotEmpty(p.Deliverables);
            });
            Assert.Equal(Enum.GetValues<DeliverableKind>().Order(), track.Projects.SelectMany(p => p.Deliverables).Select(d => d.Kind).Distinct().Order());
        }
    }

    [Fact]
    public async Task Seeding_again_changes_nothing()
    {
        await using var scope = api.CreateDbScope();
        var before = await Counts(scope);
        await api.Services.SeedTracksAsync();
        await api.Services.SeedTracksAsync();
        Assert.Equal(before, await Counts(scope));

        static async Task<(int, int, int, int)> Counts(DbScope scope) => (
            await scope.Db.Tracks.CountAsync(), await scope.Db.Projects.CountAsync(),
            await scope.Db.Steps.CountAsync(), await scope.Db.Deliverables.CountAsync());
    }

    [Fact]
    public async Task Unknown_track_is_a_problem_404()
    {
        await ExpectProblem(HttpStatusCode.NotFound, await api.CreateApiClient().GetAsync("/api/tracks/NOPE"));
    }

    [Fact]
    public async Task Admin_changes_are_visible_at_once_through_the_cached_catalogue()
    {
        var track = await driver.CreateTrackAsync((2, [DeliverableKind.Text]));
        var anonymous = api.CreateApiClient();
        var admin = await driver.AdminAsync();
        // Prime the cache.
        Assert.Equal(1000, (await Read<TrackDetail>(HttpStatusCode.OK, await anonymous.GetAsync($"/api/tracks/{track.Code}"))).PriceCents);

        await Expect(HttpStatusCode.OK, await admin.PutAsJsonAsync($"/api/admin/tracks/{track.Code}",
            new { name = "Renamed", description = "New text", priceCents = 123456, currency = "EUR" }));
        var after = await Read<TrackDetail>(HttpStatusCode.OK, await anonymous.GetAsync($"/api/tracks/{track.Code}"));
        Assert.Equal(("Renamed", 123456L, "eur"), (after.Name, after.PriceCents, after.Currency));

        // Reorder steps and check the public order follows.
        var steps = after.Projects[0].Steps.Select(s => s.Id).Reverse().ToList();
        await Expect(HttpStatusCode.OK, await admin.PutAsJsonAsync($"/api/admin/tracks/{track.Code}/projects/{after.Projects[0].Id}/steps/order", new { ids = steps }));
        after = await Read<TrackDetail>(HttpStatusCode.OK, await anonymous.GetAsync($"/api/tracks/{track.Code}"));
        Assert.Equal(steps, after.Projects[0].Steps.Select(s => s.Id));

        var invalid = await admin.PutAsJsonAsync($"/api/admin/tracks/{track.Code}", new { name = "", priceCents = -1, currency = "dollars" });
        var problem = await ExpectProblem(HttpStatusCode.BadRequest, invalid);
        Assert.Equal(["currency", "name", "priceCents"], ErrorFields(problem).Order());
        await ExpectProblem(HttpStatusCode.BadRequest, await admin.PutAsJsonAsync($"/api/admin/tracks/{track.Code}/projects/{after.Projects[0].Id}/steps/order", new { ids = steps.Take(1) }));
    }

    [Fact]
    public async Task Curriculum_items_are_addressed_inside_their_own_track_and_project()
    {
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.Text]));
        var other = await driver.CreateTrackAsync((1, [DeliverableKind.Link]));
        var admin = await driver.AdminAsync();
        var project = track.Projects[0];
        var step = new { title = "Renamed step", instructions = "Still practise" };

        // The same ids under another track, or under another project, do not exist.
        await ExpectProblem(HttpStatusCode.NotFound, await admin.PutAsJsonAsync(
            $"/api/admin/tracks/{other.Code}/projects/{project.Id}", new { title = "Moved?", summary = "" }));
        await ExpectProblem(HttpStatusCode.NotFound, await admin.PutAsJsonAsync(
            $"/api/admin/tracks/{track.Code}/projects/{other.Projects[0].Id}/steps/{project.Steps[0].Id}", step));
        await ExpectProblem(HttpStatusCode.NotFound, await admin.DeleteAsync(
            $"/api/admin/tracks/{other.Code}/projects/{project.Id}/deliverables/{project.Deliverables[0].Id}"));

        // Under their own track and project they do; track codes are case-insensitive in URLs.
        var after = await Read<TrackDetail>(HttpStatusCode.OK, await admin.PutAsJsonAsync(
            $"/api/admin/tracks/{track.Code.ToLowerInvariant()}/projects/{project.Id}/steps/{project.Steps[0].Id}", step));
        Assert.Equal("Renamed step", after.Projects[0].Steps[0].Title);
    }

    [Fact]
    public async Task Deliverable_edits_validate_the_kind()
    {
        var track = await driver.CreateTrackAsync((0, [DeliverableKind.Text]));
        var admin = await driver.AdminAsync();
        var path = $"/api/admin/tracks/{track.Code}/projects/{track.Projects[0].Id}/deliverables/{track.Projects[0].Deliverables[0].Id}";

        await ExpectFieldError("kind", await admin.PutAsJsonAsync(path, new { title = "Hand in", instructions = "" }));
        await ExpectFieldError("kind", await admin.PutAsJsonAsync(path, new { title = "Hand in", instructions = "", kind = 42 }));
        await ExpectFieldError("title", await admin.PutAsJsonAsync(path, new { title = "  ", instructions = "", kind = "text" }));
        var after = await Read<TrackDetail>(HttpStatusCode.OK, await admin.PutAsJsonAsync(path, new { title = "Hand in", instructions = "", kind = "github" }));
        Assert.Equal(DeliverableKind.Github, after.Projects[0].Deliverables[0].Kind);
    }

    [Fact]
    public async Task Only_staff_edit_the_curriculum()
    {
        var body = new { name = "Hacked", description = "", priceCents = 1, currency = "usd" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateApiClient().PutAsJsonAsync("/api/admin/tracks/DP", body)).StatusCode);
        foreach (var role in new[] { Roles.Student, Roles.Trainer })
        {
            var client = await api.CreateClientAsAsync(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync("/api/admin/tracks/DP", body)).StatusCode);
        }
        var dp = await Read<TrackDetail>(HttpStatusCode.OK, await api.CreateApiClient().GetAsync("/api/tracks/DP"));
        Assert.Equal(49900, dp.PriceCents);
    }
}
