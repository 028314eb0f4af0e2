using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using ApraNova.Api.Features.Files;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Files;

[Collection(ApiCollection.Name)]
public sealed class FileTests(ApiFactory api)
{
    private readonly LearningDriver driver = new(api);

    [Fact]
    public async Task Upload_stores_metadata_and_bytes_under_a_random_name_and_downloads_as_attachment()
    {
        var (student, studentId, _) = await driver.EnrolledStudentAsync("DP");
        var response = await student.UploadAsync("Quarterly report.pdf", "application/pdf", FileUploads.Pdf);
        var view = await Read<FileView>(HttpStatusCode.Created, response);
        Assert.Equal(("Quarterly report.pdf", "application/pdf", (long)FileUploads.Pdf.Length), (view.Name, view.ContentType, view.SizeBytes));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(FileUploads.Pdf)), view.Sha256);

        await using (var scope = api.CreateDbScope())
        {
            var row = await scope.Db.StoredFiles.AsNoTracking().SingleAsync(f => f.Id == view.Id);
            Assert.Equal(studentId, row.OwnerId);
            Assert.Matches("^[0-9a-f]{32}$", row.StoredName);
            Assert.Equal(FileUploads.Pdf, await File.ReadAllBytesAsync(Path.Combine(api.FilesRootPath, row.StoredName[..2], row.StoredName)));
        }

        var download = await student.GetAsync($"/api/files/{view.Id}");
        await Expect(HttpStatusCode.OK, download);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("Quarterly report.pdf", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(FileUploads.Pdf, await download.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("tool.exe", "application/octet-stream")]
    [InlineData("page.html", "text/html")]
    [InlineData("script.js", "text/javascript")]
    [InlineData("image.svg", "image/svg+xml")]
    [InlineData("noextension", "application/pdf")]
    [InlineData("report.pdf", "text/html")]          // allowed extension, wrong declared type
    [InlineData("picture.png", "application/pdf")]
    public async Task Disallowed_types_are_refused_with_415(string name, string contentType)
    {
        var student = await EnrolledStudentAsync();
        await ExpectProblem(HttpStatusCode.UnsupportedMediaType, await student.UploadAsync(name, contentType, FileUploads.Pdf));
        AssertNoTempFiles();
    }

    [Fact]
    public async Task Content_must_match_the_format_signature()
    {
        var student = await EnrolledStudentAsync();
        await ExpectProblem(HttpStatusCode.UnsupportedMediaType, await student.UploadAsync("fake.pdf", "application/pdf", "MZ this is an executable"u8.ToArray()));
        await ExpectProblem(HttpStatusCode.UnsupportedMediaType, await student.UploadAsync("fake.png", "image/png", FileUploads.Pdf));
        await Expect(HttpStatusCode.Created, await student.UploadAsync("shot.png", "image/png", FileUploads.Png));
        await Expect(HttpStatusCode.Created, await student.UploadAsync("notes.md", "application/octet-stream", "# Notes"u8.ToArray()));
        await Expect(HttpStatusCode.Created, await student.UploadAsync("analysis.ipynb", "application/json", """{"cells": []}"""u8.ToArray()));
        await ExpectProblem(HttpStatusCode.BadRequest, await student.UploadAsync("empty.txt", "text/plain", []));
        AssertNoTempFiles();
    }

    [Fact]
    public async Task Files_over_the_limit_are_refused_with_413_and_leave_nothing_behind()
    {
        var student = await EnrolledStudentAsync();
        var filesBefore = CountStoredFiles();
        var tooBig = new byte[20 * 1024 * 1024 + 1];
        "%PDF-"u8.CopyTo(tooBig);
        await ExpectProblem(HttpStatusCode.RequestEntityTooLarge, await student.UploadAsync("big.pdf", "application/pdf", tooBig));
        Assert.Equal(filesBefore, CountStoredFiles());
        AssertNoTempFiles();

        // Exactly at the limit is fine.
        var atLimit = new byte[20 * 1024 * 1024];
        "%PDF-"u8.CopyTo(atLimit);
        await Expect(HttpStatusCode.Created, await student.UploadAsync("limit.pdf", "application/pdf", atLimit));
    }

    [Theory]
    [InlineData("../../../../etc/passwd.txt", "passwd.txt")]
    [InlineData("..\\..\\windows\\win.ini.txt", "win.ini.txt")]
    [InlineData("/absolute/path/notes.txt", "notes.txt")]
    [InlineData("we<ird>na|me?.txt", "weirdname.txt")]
    public async Task Traversal_looking_names_are_only_names(string name, string expected)
    {
        var student = await EnrolledStudentAsync();
        var view = await Read<FileView>(HttpStatusCode.Created, await student.UploadAsync(name, "text/plain", "hello"u8.ToArray()));
        Assert.Equal(expected, view.Name);
        Assert.False(File.Exists("/etc/passwd.txt"));
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(api.FilesRootPath)!, expected, SearchOption.TopDirectoryOnly));
        var download = await student.GetAsync($"/api/files/{view.Id}");
        Assert.Equal("hello", await download.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Malformed_or_missing_multipart_is_refused_with_a_problem()
    {
        var student = await EnrolledStudentAsync();
        // Not multipart at all: the endpoint only accepts multipart/form-data.
        await ExpectProblem(HttpStatusCode.UnsupportedMediaType, await student.PostAsJsonAsync("/api/files", new { file = "x" }));
        // Multipart without a "file" part.
        await ExpectProblem(HttpStatusCode.BadRequest, await student.PostAsync("/api/files", new MultipartFormDataContent { { new StringContent("x"), "other" } }));
        var broken = new StringContent("--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello");
        broken.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=abc");
        await ExpectProblem(HttpStatusCode.BadRequest, await student.PostAsync("/api/files", broken));
        AssertNoTempFiles();
    }

    [Fact]
    public async Task Downloads_are_for_the_owner_the_owners_trainer_and_staff_only()
    {
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.File]));
        var (trainer, _) = await driver.AddTrainerAsync(track.Code);
        var (owner, _, _) = await driver.EnrolledStudentAsync(track.Code);
        var fileId = await owner.UploadPdfAsync();

        var otherTrack = await driver.CreateTrackAsync((1, [DeliverableKind.File]));
        var (otherTrainer, _) = await driver.AddTrainerAsync(otherTrack.Code);
        var (otherStudent, _, _) = await driver.EnrolledStudentAsync(otherTrack.Code);

        await Expect(HttpStatusCode.OK, await owner.GetAsync($"/api/files/{fileId}"));
        await Expect(HttpStatusCode.OK, await trainer.GetAsync($"/api/files/{fileId}"));
        await Expect(HttpStatusCode.OK, await (await driver.AdminAsync()).GetAsync($"/api/files/{fileId}"));
        await ExpectProblem(HttpStatusCode.NotFound, await otherStudent.GetAsync($"/api/files/{fileId}"));
        await ExpectProblem(HttpStatusCode.NotFound, await otherTrainer.GetAsync($"/api/files/{fileId}"));
        await ExpectProblem(HttpStatusCode.NotFound, await owner.GetAsync($"/api/files/{Guid.NewGuid()}"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateApiClient().GetAsync($"/api/files/{fileId}")).StatusCode);

        // Another student cannot hand in someone else's file either.
        var response = await otherStudent.PostAsJsonAsync("/api/submissions", new { deliverableId = otherTrack.Projects[0].Deliverables[0].Id, fileId });
        await ExpectProblem(HttpStatusCode.BadRequest, response);
    }

    /// <summary>Only students enrolled in a track (and staff) upload.</summary>
    private async Task<HttpClient> EnrolledStudentAsync() => (await driver.EnrolledStudentAsync("DP")).Client;

    private int CountStoredFiles() =>
        Directory.EnumerateFiles(api.FilesRootPath, "*", SearchOption.AllDirectories).Count(f => !f.Contains(Path.DirectorySeparatorChar + ".tmp" + Path.DirectorySeparatorChar));

    private void AssertNoTempFiles()
    {
        var temp = Path.Combine(api.FilesRootPath, ".tmp");
        Assert.True(!Directory.Exists(temp) || !Directory.EnumerateFiles(temp).Any(), "an upload left a temp file behind");
    }
}
