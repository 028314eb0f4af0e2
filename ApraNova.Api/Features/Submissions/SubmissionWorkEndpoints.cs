using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Files;
using ApraNova.Api.Features.Learning;
using ApraNova.Api.Features.Notifications;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Submissions;

public sealed record AttemptView(int Number, string? Url, string? Text, SubmittedFileView? File, DateTimeOffset SubmittedAt,
    SubmissionStatus? Decision, string? Feedback, IReadOnlyList<RubricCheckView> Rubric, DateTimeOffset? ReviewedAt);

public sealed record RubricCheckView(string Item, bool Met);

public sealed record MessageView(Guid Id, Guid AuthorId, string AuthorName, string AuthorRole, string Body, DateTimeOffset CreatedAt, bool Mine);

public sealed record PostMessageRequest(
    [Required(ErrorMessage = "Write a message."), StringLength(4000, MinimumLength = 1, ErrorMessage = "A message is 1 to 4000 characters.")] string Body);

/// <summary>What a file submission shows in place: rendered Markdown, or text.</summary>
public sealed record FilePreviewView(string Format, string Html, bool Truncated);

/// <summary>
/// Working on a submission after it was handed in (mapped under <c>/api/submissions</c> with
/// <see cref="SubmissionEndpoints"/>): the student withdraws it until a reviewer opens it, a reviewer
/// opens it, both read its attempts and write in its thread, and the work is shown in place
/// (files inline, Markdown rendered, a repository's README).
/// </summary>
internal static class SubmissionWorkEndpoints
{
    private const int MaxPreviewBytes = 256 * 1024;
    public const int MaxMessages = 500;

    private static readonly HashSet<string> InlineTypes = ["image/png", "image/jpeg", "application/pdf", "text/plain", "text/markdown", "text/csv"];

    public static RouteGroupBuilder MapSubmissionWorkEndpoints(this RouteGroupBuilder group)
    {
        group.MapDelete("/{id:guid}", WithdrawAsync)
            .RequireAuthorization(AuthorizationPolicies.Student)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("WithdrawSubmission")
            .WithSummary("Withdraws the current attempt until a reviewer opens it: a first attempt disappears, a later one goes back to the revision request.");

        group.MapPost("/{id:guid}/review-start", StartReviewAsync)
            .RequireAuthorization(AuthorizationPolicies.TrainerOrStaff)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("StartReview")
            .WithSummary("A reviewer opens the current attempt (idempotent): from then on the student can no longer replace or withdraw it.");

        group.MapGet("/{id:guid}/attempts", async Task<Results<Ok<List<AttemptView>>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, ApraNovaDbContext db, CancellationToken ct) =>
            {
                if (!await db.Submissions.VisibleTo(user).AnyAsync(s => s.Id == id, ct))
                    return Problems.NotFound("There is no such submission.");
                var kind = await db.Submissions.Where(s => s.Id == id).Select(s => s.Kind).SingleAsync(ct);
                // Ticks saved during an open review are the reviewer's working notes: the student sees the checklist once decided.
                var reviewer = await db.Submissions.VisibleToReviewer(user).AnyAsync(s => s.Id == id, ct);
                var attempts = await db.SubmissionAttempts.AsNoTracking().Where(a => a.SubmissionId == id).OrderByDescending(a => a.Number)
                    .Select(a => new
                    {
                        a.Number, a.Content, a.SubmittedAt, a.Decision, a.Feedback, a.Rubric, a.ReviewedAt,
                        File = a.File == null ? null : new SubmittedFileView(a.File.Id, a.File.OriginalName, a.File.ContentType, a.File.SizeBytes),
                    })
                    .ToListAsync(ct);
                return TypedResults.Ok(attempts.Select(a => new AttemptView(a.Number,
                    kind is DeliverableKind.Link or DeliverableKind.Github ? a.Content : null,
                    kind == DeliverableKind.Text ? a.Content : null,
                    a.File, a.SubmittedAt, a.Decision, a.Feedback,
                    a.Decision is null && !reviewer ? [] : [.. a.Rubric.Select(r => new RubricCheckView(r.Item, r.Met))], a.ReviewedAt)).ToList());
            })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListSubmissionAttempts")
            .WithSummary("Every attempt of a submission, newest first, with the decision, feedback and rubric of each reviewed one (reviewers also see the ticks saved on the open attempt).");

        group.MapGet("/{id:guid}/messages", async Task<Results<Ok<List<MessageView>>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, ApraNovaDbContext db, CancellationToken ct) =>
                await db.Submissions.VisibleTo(user).AnyAsync(s => s.Id == id, ct)
                    ? TypedResults.Ok(await MessagesAsync(db, id, user.GetUserId(), ct))
                    : Problems.NotFound("There is no such submission."))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListSubmissionMessages")
            .WithSummary("The thread beside a submission, oldest first.");

        group.MapPost("/{id:guid}/messages", PostMessageAsync)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("PostSubmissionMessage")
            .WithSummary("Writes in a submission's thread; the other side (student or trainer) is notified.");

        group.MapGet("/{id:guid}/content", ContentAsync)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetSubmissionContent")
            .WithSummary("The file of an attempt (default: the current one) for display in place: images, PDF and text inline, anything else as an attachment.");

        group.MapGet("/{id:guid}/preview", PreviewAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("GetSubmissionPreview")
            .WithSummary("A Markdown or text file of the current attempt rendered as safe HTML.");

        group.MapGet("/{id:guid}/readme", async Task<Results<Ok<ReadmeView>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, ApraNovaDbContext db, GitHubReadme readme, CancellationToken ct) =>
            {
                var submission = await db.Submissions.AsNoTracking().VisibleTo(user).Where(s => s.Id == id)
                    .Select(s => new { s.Kind, s.Content }).SingleOrDefaultAsync(ct);
                if (submission is null)
                    return Problems.NotFound("There is no such submission.");
                if (submission.Kind != DeliverableKind.Github || submission.Content is null)
                    return Problems.NotFound("This submission is not a GitHub repository.");
                return TypedResults.Ok(await readme.ReadAsync(submission.Content, ct));
            })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetSubmissionReadme")
            .WithSummary("The README of a submitted public GitHub repository, rendered; 'unavailable' with a reason when GitHub cannot be read.");

        return group;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> WithdrawAsync(
        Guid id, ClaimsPrincipal user, ApraNovaDbContext db, IAuditLog audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var studentId = user.GetUserId();
        var enrollment = await db.FindCurrentAsync(studentId, cancellationToken);
        if (enrollment is null)
            return LearningProblems.NoAccess();
        var submission = await db.Submissions.SingleOrDefaultAsync(s => s.Id == id && s.StudentId == studentId && s.EnrollmentId == enrollment.Id, cancellationToken);
        if (submission is null)
            return Problems.NotFound("There is no such submission.");
        if (!enrollment.CanWork)
            return LearningProblems.ReadOnly();
        if (!submission.StudentCanChange)
            return submission.AwaitsReview ? SubmissionProblems.ReviewStarted() : SubmissionProblems.NotChangeable();

        var withdrawn = submission.Attempt;
        if (submission.Attempt == 1)
        {
            db.Submissions.Remove(submission);
        }
        else
        {
            // Back to where the student stood: the previous attempt, with its revision request.
            var current = await db.SubmissionAttempts.SingleOrDefaultAsync(a => a.SubmissionId == id && a.Number == submission.Attempt, cancellationToken);
            if (current is not null)
                db.SubmissionAttempts.Remove(current);
            var previous = await db.SubmissionAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.SubmissionId == id && a.Number == submission.Attempt - 1, cancellationToken);
            submission.Attempt--;
            submission.Status = SubmissionStatus.RevisionRequested;
            if (previous is not null)
            {
                submission.Content = previous.Content;
                submission.FileId = previous.FileId;
                submission.SubmittedAt = previous.SubmittedAt;
                submission.Feedback = previous.Feedback;
                submission.ReviewedAt = previous.ReviewedAt;
                submission.ReviewedById = previous.ReviewedById;
            }
            submission.UpdatedAt = clock.GetUtcNow();
        }
        audit.Record(studentId, "submission.withdrawn", nameof(Submission), id.ToString(), new { Attempt = withdrawn }, null);
        try
        {
            // The xmin check: a reviewer who opened the attempt meanwhile wins.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SubmissionProblems.ReviewStarted();
        }
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<SubmissionView>, ProblemHttpResult>> StartReviewAsync(
        Guid id, ClaimsPrincipal user, ApraNovaDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var submission = await db.Submissions.AsNoTracking().VisibleToReviewer(user).Where(s => s.Id == id)
            .Select(s => new { s.Status }).SingleOrDefaultAsync(cancellationToken);
        if (submission is null)
            return Problems.NotFound("There is no such submission among your students'.");
        var reviewerId = user.GetUserId();
        var now = clock.GetUtcNow();
        // One statement, so it cannot interleave with the student's replacement (which checks xmin).
        await db.Submissions.Where(s => s.Id == id && s.ReviewStartedAt == null
                && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Resubmitted))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ReviewStartedAt, now).SetProperty(x => x.ReviewStartedById, reviewerId), cancellationToken);
        var view = await db.Submissions.AsNoTracking().Where(s => s.Id == id).ToViews(db).SingleAsync(cancellationToken);
        return view.Status is SubmissionStatus.Submitted or SubmissionStatus.Resubmitted
            ? TypedResults.Ok(view)
            : Problems.Conflict("Not awaiting review", "This submission has already been reviewed; wait for the student's next attempt.");
    }

    private static async Task<Results<Created<MessageView>, ValidationProblem, ProblemHttpResult>> PostMessageAsync(
        Guid id, PostMessageRequest request, ClaimsPrincipal user, ApraNovaDbContext db, INotifier notifier, TimeProvider clock, CancellationToken cancellationToken)
    {
        var submission = await db.Submissions.AsNoTracking().VisibleTo(user).Where(s => s.Id == id)
            .Select(s => new { s.StudentId, s.Enrollment!.TrainerId, s.ProjectId, Deliverable = s.Deliverable!.Title })
            .SingleOrDefaultAsync(cancellationToken);
        if (submission is null)
            return Problems.NotFound("There is no such submission.");
        var body = request.Body.Trim();
        if (body.Length == 0)
            return Problems.Invalid("body", "Write a message.");

        var authorId = user.GetUserId();
        var message = new SubmissionMessage { SubmissionId = id, AuthorId = authorId, Body = body, CreatedAt = clock.GetUtcNow() };
        await db.InTransactionAsync(async cancellationToken =>
        {
            db.ChangeTracker.Clear();
            db.SubmissionMessages.Add(message);
            await db.SaveChangesAsync(cancellationToken);

            var author = await db.Users.Where(u => u.Id == authorId).Select(u => u.FullName).SingleAsync(cancellationToken);
            var fromStudent = authorId == submission.StudentId;
            var recipient = fromStudent ? submission.TrainerId : submission.StudentId;
            if (recipient is { } to && to != authorId)
            {
                var who = string.IsNullOrWhiteSpace(author) ? (fromStudent ? "Your student" : "Your trainer") : author.Trim();
                await notifier.NotifyAsync(new Notice(to, NotificationKind.MessageReceived, $"message:{message.Id}",
                    $"New message about {submission.Deliverable}",
                    $"{who} wrote about “{submission.Deliverable}”.",
                    fromStudent ? $"/staff/reviews/{id}" : $"/submissions/{id}", "Read and reply", body, $"{who} wrote"), cancellationToken);
            }
        }, cancellationToken);
        var view = (await MessagesAsync(db, id, authorId, cancellationToken)).Single(m => m.Id == message.Id);
        return TypedResults.Created($"/api/submissions/{id}/messages", view);
    }

    private static async Task<List<MessageView>> MessagesAsync(ApraNovaDbContext db, Guid submissionId, Guid callerId, CancellationToken cancellationToken)
    {
        var rows = await db.SubmissionMessages.AsNoTracking().Where(m => m.SubmissionId == submissionId)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Take(MaxMessages)
            .Select(m => new
            {
                m.Id, m.AuthorId, m.Author!.FullName, m.Author.Email, m.Body, m.CreatedAt,
                IsStudent = m.AuthorId == m.Submission!.StudentId,
                IsTrainer = m.AuthorId == m.Submission.Enrollment!.TrainerId,
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(m => new MessageView(m.Id, m.AuthorId, string.IsNullOrWhiteSpace(m.FullName) ? m.Email ?? "" : m.FullName,
            m.IsStudent ? Roles.Student : m.IsTrainer ? Roles.Trainer : "staff", m.Body, m.CreatedAt, m.AuthorId == callerId))];
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ContentAsync(
        Guid id, int? attempt, HttpContext http, ApraNovaDbContext db, IFileStore store, CancellationToken cancellationToken)
    {
        var file = await FileOfAsync(db, http.User, id, attempt, cancellationToken);
        if (file is null)
            return Problems.NotFound("This submission has no such file.");
        var content = store.OpenRead(file.StoredName);
        if (content is null)
            return Problems.NotFound("The file's content is no longer available.");
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-store";
        var inline = InlineTypes.Contains(file.ContentType);
        if (inline && file.ContentType.StartsWith("text/", StringComparison.Ordinal))
            http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        var type = file.ContentType.StartsWith("text/", StringComparison.Ordinal) ? file.ContentType + "; charset=utf-8" : file.ContentType;
        return inline
            ? TypedResults.Stream(content, type)
            : TypedResults.File(content, file.ContentType, fileDownloadName: file.OriginalName);
    }

    private static async Task<Results<Ok<FilePreviewView>, ProblemHttpResult>> PreviewAsync(
        Guid id, int? attempt, ClaimsPrincipal user, ApraNovaDbContext db, IFileStore store, CancellationToken cancellationToken)
    {
        var file = await FileOfAsync(db, user, id, attempt, cancellationToken);
        if (file is null)
            return Problems.NotFound("This submission has no such file.");
        var format = file.ContentType switch
        {
            "text/markdown" => "markdown",
            "text/plain" or "text/csv" => "text",
            _ => null,
        };
        if (format is null)
            return Problems.Conflict("No preview", $"{file.ContentType} files are shown inline or downloaded, not rendered.");
        await using var content = store.OpenRead(file.StoredName);
        if (content is null)
            return Problems.NotFound("The file's content is no longer available.");
        var buffer = new byte[MaxPreviewBytes];
        var read = 0;
        int chunk;
        while (read < buffer.Length && (chunk = await content.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
            read += chunk;
        var truncated = read == buffer.Length && content.ReadByte() >= 0;
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        var html = format == "markdown" ? SafeMarkdown.ToHtml(text) : $"<pre>{System.Net.WebUtility.HtmlEncode(text)}</pre>";
        return TypedResults.Ok(new FilePreviewView(format, html, truncated));
    }

    /// <summary>The stored file of an attempt (the current one when <paramref name="attempt"/> is null) of a submission the caller may see.</summary>
    private static async Task<StoredFile?> FileOfAsync(ApraNovaDbContext db, ClaimsPrincipal user, Guid id, int? attempt, CancellationToken cancellationToken)
    {
        var submissions = db.Submissions.AsNoTracking().VisibleTo(user).Where(s => s.Id == id);
        var fileId = attempt is { } number
            ? await db.SubmissionAttempts.AsNoTracking().Where(a => a.Number == number && submissions.Any(s => s.Id == a.SubmissionId))
                .Select(a => a.FileId).SingleOrDefaultAsync(cancellationToken)
            : await submissions.Select(s => s.FileId).SingleOrDefaultAsync(cancellationToken);
        return fileId is { } found ? await db.StoredFiles.AsNoTracking().SingleOrDefaultAsync(f => f.Id == found, cancellationToken) : null;
    }
}
