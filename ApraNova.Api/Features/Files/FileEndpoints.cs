using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ApraNova.Api.Features.Files;

public sealed record FileView(Guid Id, string Name, string ContentType, long SizeBytes, string Sha256, DateTimeOffset CreatedAt);

/// <summary>Uploads for file deliverables, and downloads for the people allowed to see them (mapped under <c>/api/files</c> by <see cref="FilesFeature"/>).</summary>
internal static class FileEndpoints
{
    // Room for the multipart boundaries and part headers around the file itself.
    private const long MultipartOverheadBytes = 64 * 1024;
    public const int MaxListedFiles = 200;

    public static RouteGroupBuilder MapFileEndpoints(this RouteGroupBuilder group, long maxBytes)
    {
        group.MapPost("/", UploadAsync)
            .Accepts<IFormFile>("multipart/form-data")
            .WithRequestBodyLimit(maxBytes + MultipartOverheadBytes)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("UploadFile")
            .WithSummary($"Uploads one file (multipart field \"file\"); allowed: pdf, zip, png, jpg, txt, md, csv, ipynb. Returns its id for a file submission.");

        group.MapGet("/", async (ClaimsPrincipal user, ApraNovaDbContext db, CancellationToken ct) =>
            {
                var userId = user.GetUserId();
                return TypedResults.Ok(await db.StoredFiles.AsNoTracking().Where(f => f.OwnerId == userId)
                    .OrderByDescending(f => f.CreatedAt).Take(MaxListedFiles)
                    .Select(f => new FileView(f.Id, f.OriginalName, f.ContentType, f.SizeBytes, f.Sha256, f.CreatedAt)).ToListAsync(ct));
            })
            .WithName("ListMyFiles")
            .WithSummary("The caller's uploads, newest first (at most 200).");

        group.MapGet("/{id:guid}", DownloadAsync)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DownloadFile")
            .WithSummary("Downloads a file (attachment): its owner, the owner's trainer and staff only.");

        return group;
    }

    private static async Task<Results<Created<FileView>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpContext http, ApraNovaDbContext db, IFileStore store, IOptions<FilesOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.MaxBytes;
        var tooLarge = Problems.PayloadTooLarge("File too large", $"Files may be at most {maxBytes / (1024 * 1024.0):0.#} MB.");

        // The body-limit middleware already refuses larger declared lengths and makes the server cut
        // off longer chunked bodies (WithRequestBodyLimit above); the file itself is counted exactly below.
        if (http.Request.ContentLength > maxBytes + MultipartOverheadBytes)
            return tooLarge;

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var requestType)
            || !requestType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(requestType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
            return Problems.Invalid("file", "Send the file as multipart/form-data in a field named \"file\".");

        try
        {
            var reader = new MultipartReader(boundary, http.Request.Body);
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.IsFileDisposition()
                    || !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, "file", StringComparison.Ordinal))
                {
                    continue; // other form fields are ignored
                }

                var name = FileTypes.SanitizeName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
                if (name.Length == 0)
                    return Problems.Invalid("file", "The file needs a name with an extension.");
                var type = FileTypes.Match(name, section.ContentType);
                if (type is null)
                    return UnsupportedType();

                await using var pending = await store.WriteAsync(section.Body, maxBytes, cancellationToken);
                if (pending.Length == 0)
                    return Problems.Invalid("file", "The file is empty.");
                if (!type.Signature(pending.Head))
                    return UnsupportedType($"The content is not a valid {type.Extension} file.");

                var storedName = await pending.CommitAsync(cancellationToken);
                var file = new StoredFile
                {
                    OwnerId = http.User.GetUserId(), OriginalName = name, StoredName = storedName,
                    ContentType = type.ContentType, SizeBytes = pending.Length, Sha256 = pending.Sha256,
                };
                db.StoredFiles.Add(file);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch
                {
                    store.Delete(storedName); // no bytes without their metadata
                    throw;
                }
                return TypedResults.Created($"/api/files/{file.Id}",
                    new FileView(file.Id, file.OriginalName, file.ContentType, file.SizeBytes, file.Sha256, file.CreatedAt));
            }
            return Problems.Invalid("file", "Send the file as multipart/form-data in a field named \"file\".");
        }
        catch (FileTooLargeException)
        {
            return tooLarge;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return tooLarge;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // A malformed multipart body (bad boundary, truncated part) is the client's fault.
            loggers.CreateLogger(typeof(FileEndpoints)).LogInformation(ex, "Rejected a malformed upload");
            return Problems.Invalid("file", "The multipart body is malformed or incomplete.");
        }
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        Guid id, HttpContext http, ApraNovaDbContext db, IFileStore store, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var user = http.User;
        var files = db.StoredFiles.AsNoTracking().Where(f => f.Id == id);
        if (!user.IsStaff())
        {
            // The owner, or a trainer (the role AND the assignment) named on one of the owner's
            // enrollments: an assignment left behind by someone who is no longer a trainer grants nothing.
            var userId = user.GetUserId();
            files = user.IsInRole(Roles.Trainer)
                ? files.Where(f => f.OwnerId == userId
                    || db.Enrollments.Any(e => e.StudentId == f.OwnerId && e.TrainerId == userId && e.Status != EnrollmentStatus.PendingPayment))
                : files.Where(f => f.OwnerId == userId);
        }
        var file = await files.SingleOrDefaultAsync(cancellationToken);
        if (file is null)
            return Problems.NotFound("There is no such file.");

        var content = store.OpenRead(file.StoredName);
        if (content is null)
        {
            loggers.CreateLogger(typeof(FileEndpoints)).LogError("Bytes of file {FileId} ({StoredName}) are missing from the store", file.Id, file.StoredName);
            return Problems.NotFound("The file's content is no longer available.");
        }
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(content, file.ContentType, fileDownloadName: file.OriginalName);
    }

    private static ProblemHttpResult UnsupportedType(string? detail = null) =>
        Problems.UnsupportedMediaType("File type not allowed",
            detail ?? $"Allowed files: {string.Join(", ", FileTypes.Extensions)} with a matching content type.");
}
