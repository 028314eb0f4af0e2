using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Tracks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Submissions;

/// <summary>A public repository's README reaches the review screen rendered and made safe (GitHub played by a local stand-in).</summary>
public sealed class ReadmeTests
{
    [Fact]
    public async Task The_readme_of_a_submitted_repository_is_fetched_once_and_rendered_safely()
    {
        var requests = 0;
        var github = WebApplication.CreateSlimBuilder();
        github.WebHost.UseUrls("http://127.0.0.1:0");
        await using var stub = github.Build();
        stub.MapGet("/repos/{owner}/{repo}/readme", (string owner, string repo, HttpRequest request) =>
        {
            Interlocked.Increment(ref requests);
            return owner == "apranova-test" && repo == "retail-sql" && request.Headers.UserAgent.Count > 0
                ? Results.Text("# Retail SQL\n\nRun `psql -f schema.sql`.\n\n<script>alert(1)</script> [bad](javascript:alert(1))", "text/plain")
                : Results.NotFound();
        });
        await stub.StartAsync();
        var address = stub.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await using var api = new ApiFactory();
        api.Settings["GitHub:ApiBase"] = address;
        await ((IAsyncLifetime)api).InitializeAsync();
        try
        {
            var driver = new LearningDriver(api);
            var track = await driver.CreateTrackAsync((0, [DeliverableKind.Github, DeliverableKind.Github]));
            var (trainer, _) = await driver.AddTrainerAsync(track.Code);
            var (student, _, _) = await driver.EnrolledStudentAsync(track.Code);
            var found = await Read<SubmissionView>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions",
                new { deliverableId = track.Projects[0].Deliverables[0].Id, url = "https://github.com/apranova-test/retail-sql" }));
            var missing = await Read<SubmissionView>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions",
                new { deliverableId = track.Projects[0].Deliverables[1].Id, url = "https://github.com/apranova-test/private-one" }));

            var readme = await Read<ReadmeView>(HttpStatusCode.OK, await trainer.GetAsync($"/api/submissions/{found.Id}/readme"));
            Assert.True(readme.Available);
            Assert.Contains("<h1", readme.Html);
            Assert.Contains("<code>psql -f schema.sql</code>", readme.Html);
            Assert.DoesNotContain("<script", readme.Html);
            Assert.DoesNotContain("javascript:", readme.Html);
            // The student sees it too; the second look is answered from the cache.
            await Read<ReadmeView>(HttpStatusCode.OK, await student.GetAsync($"/api/submissions/{found.Id}/readme"));
            Assert.Equal(1, requests);

            var none = await Read<ReadmeView>(HttpStatusCode.OK, await trainer.GetAsync($"/api/submissions/{missing.Id}/readme"));
            Assert.False(none.Available);
            Assert.Contains("private or missing", none.Message);
        }
        finally
        {
            await ((IAsyncLifetime)api).DisposeAsync();
        }
    }
}
