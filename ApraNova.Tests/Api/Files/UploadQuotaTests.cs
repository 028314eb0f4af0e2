using System.Net;
using Microsoft.EntityFrameworkCore;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Files;

/// <summary>Per-user upload quotas and rates, reached with a few small files.</summary>
public sealed class UploadQuotaTests(SmallQuotaApiFixture fixture) : IClassFixture<SmallQuotaApiFixture>
{
    private readonly LearningDriver driver = new(fixture.Api);

    [Fact]
    public async Task A_user_stores_at_most_their_quota_and_nothing_of_a_refused_upload_stays()
    {
        var (student, studentId, _) = await driver.EnrolledStudentAsync("DP");
        var chunk = Pdf(20 * 1024);
        for (var i = 0; i < 3; i++)
            await Expect(HttpStatusCode.Created, await student.UploadAsync($"part-{i}.pdf", "application/pdf", chunk));

        var refused = await ExpectProblem(HttpStatusCode.Conflict, await student.UploadAsync("part-3.pdf", "application/pdf", chunk));
        Assert.Equal("Upload quota reached", refused.GetProperty("title").GetString());

        await using var scope = fixture.Api.CreateDbScope();
        Assert.Equal(3 * chunk.Length, await scope.Db.StoredFiles.Where(f => f.OwnerId == studentId).SumAsync(f => f.SizeBytes));
        // No bytes without their row, nothing left in the temp area.
        Assert.Equal(await scope.Db.StoredFiles.CountAsync(),
            Directory.EnumerateFiles(fixture.Api.FilesRootPath, "*", SearchOption.AllDirectories).Count(f => !f.Contains("/.tmp/")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(fixture.Api.FilesRootPath, ".tmp")));
    }

    [Fact]
    public async Task Uploads_are_limited_per_user_per_hour()
    {
        var (student, _, _) = await driver.EnrolledStudentAsync("DP");
        for (var i = 0; i < SmallQuotaApiFixture.UploadsPerHour; i++)
            await Expect(HttpStatusCode.Created, await student.UploadAsync($"n{i}.txt", "text/plain", "x"u8.ToArray()));

        var limited = await student.UploadAsync("late.txt", "text/plain", "x"u8.ToArray());
        await ExpectProblem(HttpStatusCode.TooManyRequests, limited);
        Assert.True(limited.Headers.RetryAfter is not null);

        // Another user is not affected.
        var (other, _, _) = await driver.EnrolledStudentAsync("DP");
        await Expect(HttpStatusCode.Created, await other.UploadAsync("mine.txt", "text/plain", "x"u8.ToArray()));
    }

    private static byte[] Pdf(int length)
    {
        var bytes = new byte[length];
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }
}
