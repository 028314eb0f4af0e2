using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Tracks;

namespace ApraNova.Tests.Api.Learning;

/// <summary>
/// Arranges learning scenarios through the public endpoints (admin creates a track of its own,
/// adds trainers, enrolls students), so every test owns its data and tests can share one api.
/// </summary>
internal sealed class LearningDriver(ApiFactory api)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

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

    public static async Task<T> Read<T>(HttpStatusCode expected, HttpResponseMessage response)
    {
        await Expect(expected, response);
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public static async Task Expect(HttpStatusCode expected, HttpResponseMessage response)
    {
        if (response.StatusCode != expected)
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Asserts an RFC 7807 error with the given status.</summary>
    public static async Task ExpectProblem(HttpStatusCode expected, HttpResponseMessage response)
    {
        await Expect(expected, response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

internal static class FileUploads
{
    public static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string fileName, string contentType, byte[] content)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        var form = new MultipartFormDataContent { { file, "file", fileName } };
        return client.PostAsync("/api/files", form);
    }

    public static async Task<Guid> UploadPdfAsync(this HttpClient client, string fileName = "report.pdf")
    {
        var response = await client.UploadAsync(fileName, "application/pdf", Pdf);
        var view = await LearningDriver.Read<ApraNova.Api.Features.Files.FileView>(HttpStatusCode.Created, response);
        return view.Id;
    }
}
