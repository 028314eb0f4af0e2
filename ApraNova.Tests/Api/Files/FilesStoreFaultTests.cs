using System.Net;
using ApraNova.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Files;

/// <summary>
/// The files store full, then read-only, for real (a 2 MB tmpfs as the store): uploads are refused
/// with a clear 507 (full) or 503 (unavailable) problem, no half-written file stays behind, nothing
/// is recorded, and uploads work again once the store does.
/// </summary>
public sealed class FilesStoreFaultTests : IAsyncLifetime
{
    private const int StoreBytes = 2 * 1024 * 1024;
    private readonly string store = Directory.CreateTempSubdirectory("apranova-small-store-").FullName;
    private readonly ApiFactory api = new();
    private bool mounted;

    public async Task InitializeAsync()
    {
        if (MountFactAttribute.Run("mount", $"-t tmpfs -o size={StoreBytes} tmpfs {store}") is null)
        {
            mounted = true;
            api.Settings["Files:RootPath"] = store;
        }
        await ((IAsyncLifetime)api).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)api).DisposeAsync();
        if (mounted)
            MountFactAttribute.Run("umount", store);
        Directory.Delete(store, recursive: true);
    }

    [MountFact]
    public async Task A_full_or_read_only_store_refuses_uploads_clearly_and_keeps_nothing_half_written()
    {
        Assert.True(mounted, "the small store could not be mounted");
        var (student, studentId, _) = await new LearningDriver(api).EnrolledStudentAsync("DP");
        var large = Pdf(1536 * 1024);

        // Room for one: the second does not fit.
        await Expect(HttpStatusCode.Created, await student.UploadAsync("first.pdf", "application/pdf", large));
        var full = await ExpectProblem(HttpStatusCode.InsufficientStorage, await student.UploadAsync("second.pdf", "application/pdf", large));
        Assert.Equal("Files store full", full.GetProperty("title").GetString());
        await AssertStoredAsync(studentId, expectedFiles: 1);

        // Read-only (as a failed or remounted EFS can be): unavailable, retry later.
        Assert.Null(MountFactAttribute.Run("mount", $"-o remount,ro {store}"));
        var readOnly = await student.UploadAsync("small.pdf", "application/pdf", Pdf(1024));
        await ExpectProblem(HttpStatusCode.ServiceUnavailable, readOnly);
        Assert.NotNull(readOnly.Headers.RetryAfter);
        await AssertStoredAsync(studentId, expectedFiles: 1);

        // The store is back: so are uploads.
        Assert.Null(MountFactAttribute.Run("mount", $"-o remount,rw {store}"));
        await Expect(HttpStatusCode.Created, await student.UploadAsync("small.pdf", "application/pdf", Pdf(1024)));
        await AssertStoredAsync(studentId, expectedFiles: 2);
    }

    /// <summary>Rows and bytes agree, and the temp area holds nothing.</summary>
    private async Task AssertStoredAsync(Guid studentId, int expectedFiles)
    {
        await using var scope = api.CreateDbScope();
        Assert.Equal(expectedFiles, await scope.Db.StoredFiles.CountAsync(f => f.OwnerId == studentId));
        Assert.Equal(expectedFiles, Directory.EnumerateFiles(store, "*", SearchOption.AllDirectories).Count(f => !f.Contains("/.tmp/")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(store, ".tmp")));
    }

    private static byte[] Pdf(int length)
    {
        var bytes = new byte[length];
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }
}
