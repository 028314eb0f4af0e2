using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api;

/// <summary>
/// Arranges learning scenarios through the public endpoints (admin creates a track of its own,
/// adds trainers, enrolls students), so every test owns its data and tests can share one api.
/// </summary>
internal sealed class LearningDriver(ApiFactory api)
{
    private HttpClient? admin;

    public ApiFactory Api => api;

    public async Task<HttpClient> AdminAsync() => admin ??= await api.CreateClientAsAsync(Roles.Admin);

    /// <summary>A new track with a random code; each project gets <c>steps</c> steps and one deliverable per kind given.</summary>
    public async Task<TrackDetail> CreateTrackAsync(params (int Steps, DeliverableKind[] Kinds)[] projects)
    {
        var client = await AdminAsync();
        var code = "T" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await Expect(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/admin/tracks",
            new { code, name = $"Track {code}", description = "A test track", priceCents = 1000, currency = "usd" }));
        TrackDetail? track = null;
        for (var p = 0; p < projects.Length; p++)
        {
            track = await Read<TrackDetail>(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/admin/tracks/{code}/projects",
                new { title = $"Project {p + 1}", summary = "Do the work" }));
            var projectId = track.Projects[^1].Id;
            for (var s = 0; s < projects[p].Steps; s++)
                await Expect(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/admin/tracks/{code}/projects/{projectId}/steps",
                    new { title = $"Step {s + 1}", instructions = "Read and practise" }));
            foreach (var kind in projects[p].Kinds)
                track = await Read<TrackDetail>(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/admin/tracks/{code}/projects/{projectId}/deliverables",
                    new { title = $"Hand in ({kind})", instructions = "Submit it", kind }, Json));
        }
        return track ?? await Read<TrackDetail>(HttpStatusCode.OK, await client.GetAsync($"/api/tracks/{code}"));
    }

    public async Task<(HttpClient Client, Guid Id)> AddTrainerAsync(string trackCode)
    {
        var (id, email) = await api.CreateUserAsync(Roles.Trainer);
        await Expect(HttpStatusCode.Created, await (await AdminAsync()).PostAsJsonAsync($"/api/admin/tracks/{trackCode}/trainers", new { trainerId = id }));
        var client = api.CreateApiClient();
        await ApiFactory.LogInAsync(client, email);
        return (client, id);
    }

    public async Task<EnrollmentAdminView> EnrollAsync(Guid studentId, string trackCode) =>
        await Read<EnrollmentAdminView>(HttpStatusCode.Created,
            await (await AdminAsync()).PostAsJsonAsync("/api/admin/enrollments", new { studentId, trackCode }));

    public async Task<(HttpClient Client, Guid Id, EnrollmentAdminView Enrollment)> EnrolledStudentAsync(string trackCode)
    {
        var (client, id, _) = await api.SignUpStudentAsync();
        return (client, id, await EnrollAsync(id, trackCode));
    }
}
