using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Files;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Files;

/// <summary>
/// Storage is for coursework: only students enrolled in a track and staff upload, each user within
/// a quota of bytes and of files not yet handed in, at a limited rate.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class UploadLimitsTests(ApiFactory api)
{
    private readonly LearningDriver driver = new(api);

    [Fact]
    public async Task Only_enrolled_students_and_staff_upload()
    {
        var (neverEnrolled, neverEnrolledId, _) = await api.SignUpStudentAsync();
        await ExpectProblem(HttpStatusCode.Forbidden, await neverEnrolled.UploadAsync("a.pdf", "application/pdf", FileUploads.Pdf));
        var trainer = await api.CreateClientAsAsync(Roles.Trainer);
        await ExpectProblem(HttpStatusCode.Forbidden, await trainer.UploadAsync("a.pdf", "application/pdf", FileUploads.Pdf));
        await using (var scope = api.CreateDbScope())
            Assert.False(await scope.Db.StoredFiles.AnyAsync(f => f.OwnerId == neverEnrolledId));

        var (enrolled, _, _) = await driver.EnrolledStudentAsync("DP");
        await Expect(HttpStatusCode.Created, await enrolled.UploadAsync("a.pdf", "application/pdf", FileUploads.Pdf));
        var admin = await driver.AdminAsync();
        await Expect(HttpStatusCode.Created, await admin.UploadAsync("a.pdf", "application/pdf", FileUploads.Pdf));
    }

    [Fact]
    public async Task Files_not_handed_in_are_limited_in_number_and_handing_one_in_frees_its_place()
    {
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.File]));
        var (student, studentId, _) = await driver.EnrolledStudentAsync(track.Code);
        var uploaded = new List<Guid>();
        for (var i = 0; i < FilesOptions.DefaultMaxUnattachedFiles; i++)
            uploaded.Add(await student.UploadPdfAsync($"draft-{i}.pdf"));

        var refused = await ExpectProblem(HttpStatusCode.Conflict, await student.UploadAsync("one-more.pdf", "application/pdf", FileUploads.Pdf));
        Assert.Contains("hand", refused.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);

        await Expect(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions",
            new { deliverableId = track.Projects[0].Deliverables[0].Id, fileId = uploaded[0] }));
        await Expect(HttpStatusCode.Created, await student.UploadAsync("one-more.pdf", "application/pdf", FileUploads.Pdf));
        await using var scope = api.CreateDbScope();
        Assert.Equal(FilesOptions.DefaultMaxUnattachedFiles + 1, await scope.Db.StoredFiles.CountAsync(f => f.OwnerId == studentId));
    }
}
