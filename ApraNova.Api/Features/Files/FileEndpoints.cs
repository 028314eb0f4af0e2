using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Learning;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.RateLimiting;
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
    public const string QuotaReached = "Upload quota reached";

    // First key of the per-user advisory lock that serialises quota checks ("UPLD").
    private const int UploadLockSpace = 0x55504C44;

    public static RouteGroupBuilder MapFileEndpoints(this RouteGroupBuilder group, long maxBytes)
    {
        group.MapPost("/", UploadAsync)
            .Accepts<IFormFile>("multipart/form-data")
            .WithRequestBodyLimit(maxBytes + MultipartOverheadBytes)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status507InsufficientStorage)
            .WithName("UploadFile")
            .WithSummary($"Uploads one file (multipart field \"file\"); allowed: pdf, zip, png, jpg, txt, md, csv, ipynb. Returns its id for a file submission. Enrolled students and staff only, within a per-user quota; files not handed in expire.");

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
        HttpContext http, ApraNovaDbContext db, IFileStore store, IOptions<FilesOptions> options, RedisRateLimiter limiter,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var userId = http.User.GetUserId();
        // Storage is for coursework: students enrolled in a track, and staff. Nobody else stores anything.
        if (!http.User.IsStaff()
            && !(http.User.IsInRole(Roles.Student) && await db.FindCurrentAsync(userId, cancellationToken) is { CanWork: true }))
            return Problems.Forbidden("Not enrolled", "Only students enrolled in a track (and staff) upload files.");
        if (await limiter.HitAsync(http, RateLimitPolicyNames.UploadPerUser, userId.ToString()) is { } limited)
            return limited;
        // Checked before a byte is read, and again under the user's lock once the size is known.
        if (await QuotaProblemAsync(db, userId, settings, incomingBytes: 0, cancellationToken) is { } full)
            return full;

        var maxBytes = settings.MaxBytes;
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
                    OwnerId = userId, OriginalName = name, StoredName = storedName,
                    ContentType = type.ContentType, SizeBytes = pending.Length, Sha256 = pending.Sha256,
                };
                ProblemHttpResult? refused;
                try
                {
                    refused = await RecordWithinQuotaAsync(db, file, settings, cancellationToken);
                }
                catch
                {
                    store.Delete(storedName); // no bytes without their metadata
                    throw;
                }
                if (refused is not null)
                {
                    store.Delete(storedName);
                    return refused;
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
        catch (FileStoreUnavailableException ex)
        {
            // Nothing was recorded and the temp file is gone: the upload can simply be sent again later.
            loggers.CreateLogger(typeof(FileEndpoints)).LogError(ex, "The files store refused an upload");
            if (ex.IsFull)
                return Problems.InsufficientStorage("Files store full", "The files store has no room left; staff have been alerted. Try again later.");
            http.Response.Headers.RetryAfter = "30";
            return Problems.ServiceUnavailable("Files store unavailable", "Files cannot be stored right now. Try again in a minute.");
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

    /// <summary>
    /// Adds the file's row unless it breaks the owner's quota. Two uploads of one user finishing
    /// together are checked one after the other (a per-user lock), so neither slips past the quota.
    /// </summary>
    private static Task<ProblemHttpResult?> RecordWithinQuotaAsync(
        ApraNovaDbContext db, StoredFile file, FilesOptions settings, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async cancellationToken =>
        {
            db.ChangeTracker.Clear();
            await db.Database.ExecuteSqlAsync(
                $"SELECT pg_advisory_xact_lock({UploadLockSpace}, hashtext({file.OwnerId.ToString()}))", cancellationToken);
            if (await QuotaProblemAsync(db, file.OwnerId, settings, file.SizeBytes, cancellationToken) is { } full)
                return full;
            db.StoredFiles.Add(file);
            await db.SaveChangesAsync(cancellationToken);
            return (ProblemHttpResult?)null;
        }, cancellationToken);

    /// <summary>Null when <paramref name="incomingBytes"/> more fit the user's quota of bytes and of files not handed in.</summary>
    private static async Task<ProblemHttpResult?> QuotaProblemAsync(
        ApraNovaDbContext db, Guid userId, FilesOptions settings, long incomingBytes, CancellationToken cancellationToken)
    {
        var files = db.StoredFiles.Where(f => f.OwnerId == userId);
        var unattached = await files.CountAsync(f => !db.Submissions.Any(s => s.FileId == f.Id), cancellationToken);
        if (unattached >= settings.MaxUnattachedFiles)
            return Problems.Conflict(QuotaReached,
                $"You have {unattached} uploaded files that are not handed in (at most {settings.MaxUnattachedFiles}). " +
                $"Hand them in with a submission first; files not handed in are deleted after {settings.UnattachedLifetime.TotalHours:0.#} hours.");
        var used = await files.SumAsync(f => f.SizeBytes, cancellationToken);
        if (used + incomingBytes > settings.MaxBytesPerUser || used >= settings.MaxBytesPerUser)
            return Problems.Conflict(QuotaReached,
                $"Your files take {Megabytes(used)} of your {Megabytes(settings.MaxBytesPerUser)}; this upload does not fit.");
        return null;
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024 * 1024.0):0.#} MB";

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
