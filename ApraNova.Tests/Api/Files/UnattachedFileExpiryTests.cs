using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Tracks;
using Microsoft.EntityFrameworkCore;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Files;

/// <summary>Uploads never handed in expire: the sweep deletes their rows and bytes, and nothing handed in.</summary>
public sealed class UnattachedFileExpiryTests : IAsyncLifetime
{
    private readonly ApiFactory api = new();

    public UnattachedFileExpiryTests()
    {
        api.Settings["Files:UnattachedLifetime"] = "00:00:10";
        api.Settings["Files:SweepInterval"] = "00:00:01";
    }

    public Task InitializeAsync() => ((IAsyncLifetime)api).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)api).DisposeAsync();

    [Fact]
    public async Task Files_never_handed_in_are_swept_and_handed_in_ones_stay()
    {
        var driver = new LearningDriver(api);
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.File]));
        var (student, _, _) = await driver.EnrolledStudentAsync(track.Code);
        var handedIn = await student.UploadPdfAsync("final.pdf");
        await Expect(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions",
            new { deliverableId = track.Projects[0].Deliverables[0].Id, fileId = handedIn }));
        var abandoned = await student.UploadPdfAsync("draft.pdf");
        var abandonedBytes = await StoredPathAsync(abandoned);

        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await ExistsAsync(abandoned) && DateTime.UtcNow < deadline)
            await Task.Delay(250);

        Assert.False(await ExistsAsync(abandoned), "the abandoned upload was never swept");
        Assert.False(File.Exists(abandonedBytes));
        await ExpectProblem(HttpStatusCode.NotFound, await student.GetAsync($"/api/files/{abandoned}"));
        Assert.True(await ExistsAsync(handedIn));
        Assert.True(File.Exists(await StoredPathAsync(handedIn)));
        await Expect(HttpStatusCode.OK, await student.GetAsync($"/api/files/{handedIn}"));
    }

    private async Task<bool> ExistsAsync(Guid fileId)
    {
        await using var scope = api.CreateDbScope();
        return await scope.Db.StoredFiles.AnyAsync(f => f.Id == fileId);
    }

    private async Task<string> StoredPathAsync(Guid fileId)
    {
        await using var scope = api.CreateDbScope();
        var name = await scope.Db.StoredFiles.Where(f => f.Id == fileId).Select(f => f.StoredName).SingleAsync();
        return Path.Combine(api.FilesRootPath, name[..2], name);
    }
}
