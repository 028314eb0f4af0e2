using ApraNova.Api.Data;
using ApraNova.Api.Features.Learning;
using ApraNova.Api.Features.Notifications;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.Security;
using ApraNova.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ApraNova.Api.Features.Submissions;

public sealed record CreateSubmissionRequest([NotEmpty] Guid DeliverableId, string? Url, string? Text, Guid? FileId);

/// <summary>
/// Students hand in deliverables; everyone allowed to see a submission can read it (mapped under
/// <c>/api/submissions</c> by <see cref="SubmissionsFeature"/>). What a hand-in must contain depends
/// on its deliverable's kind (<see cref="SubmissionContent"/>).
/// </summary>
internal static class SubmissionEndpoints
{
    public static RouteGroupBuilder MapSubmissionEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/", CreateAsync)
            .RequireAuthorization(AuthorizationPolicies.Student)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CreateSubmission")
            .WithSummary("Hands in a deliverable of an unlocked project (one submission per deliverable; resubmit with PUT).");

        group.MapPut("/{id:guid}", ResubmitAsync)
            .RequireAuthorization(AuthorizationPolicies.Student)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("Resubmit")
            .WithSummary("Hands in a new attempt after the trainer requested a revision, or replaces the current attempt until a reviewer opens it.");

        group.MapGet("/", async (HttpContext http, ApraNovaDbContext db, CancellationToken ct) =>
                TypedResults.Ok(await db.Submissions.AsNoTracking().VisibleTo(http.User)
                    .Where(s => s.StudentId == http.User.GetUserId())
                    .OrderByDescending(s => s.UpdatedAt).ToViews(db).ToListAsync(ct)))
            .RequireAuthorization(AuthorizationPolicies.Student)
            .WithName("ListMySubmissions")
            .WithSummary("The caller's own submissions, most recently changed first.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<SubmissionView>, ProblemHttpResult>> (Guid id, HttpContext http, ApraNovaDbContext db, CancellationToken ct) =>
                await db.Submissions.AsNoTracking().VisibleTo(http.User).Where(s => s.Id == id).ToViews(db).SingleOrDefaultAsync(ct) is { } view
                    ? TypedResults.Ok(view)
                    : Problems.NotFound("There is no such submission."))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetSubmission")
            .WithSummary("One submission: its owner, the owner's trainer and staff may read it.");

        return group;
    }

    private static async Task<Results<Created<SubmissionView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateSubmissionRequest request, HttpContext http, ApraNovaDbContext db, INotifier notifier, TimeProvider clock, CancellationToken cancellationToken)
    {
        var studentId = http.User.GetUserId();
        var enrollment = await db.FindCurrentAsync(studentId, cancellationToken);
        if (enrollment is null)
            return LearningProblems.NoAccess();

        var deliverable = await db.Deliverables.AsNoTracking()
            .Where(d => d.Id == request.DeliverableId && d.Project!.TrackId == enrollment.TrackId)
            .Select(d => new { d.Id, d.ProjectId, d.Kind, d.AcceptedFileTypes })
            .SingleOrDefaultAsync(cancellationToken);
        if (deliverable is null)
            return Problems.NotFound("There is no such deliverable in your track.");
        if (!enrollment.CanWork)
            return LearningProblems.ReadOnly();
        var project = await db.ProjectProgress.AsNoTracking()
            .SingleOrDefaultAsync(p => p.EnrollmentId == enrollment.Id && p.ProjectId == deliverable.ProjectId, cancellationToken);
        if (project is null)
            return LearningProblems.ProjectLocked();

        var existing = await db.Submissions.AsNoTracking()
            .Where(s => s.EnrollmentId == enrollment.Id && s.DeliverableId == deliverable.Id).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken);
        if (existing is not null)
            return AlreadySubmitted(existing.Value);

        var (content, errors) = await SubmissionContent.ValidateAsync(deliverable.Kind, deliverable.AcceptedFileTypes,
            new SubmissionContentRequest(request.Url, request.Text, request.FileId), studentId, db, cancellationToken);
        if (errors is not null)
            return Problems.Invalid(errors);

        var now = clock.GetUtcNow();
        Submission? submission = null;
        try
        {
            // The submission, its first attempt and the trainer's notification commit together.
            await db.InTransactionAsync(async cancellationToken =>
            {
                db.ChangeTracker.Clear();
                submission = db.Submissions.Add(new Submission
                {
                    EnrollmentId = enrollment.Id, StudentId = studentId, DeliverableId = deliverable.Id, ProjectId = deliverable.ProjectId,
                    Kind = deliverable.Kind, Content = content!.Content, FileId = content.FileId,
                    CreatedAt = now, SubmittedAt = now, UpdatedAt = now,
                }).Entity;
                await SubmissionAttempts.CurrentAsync(db, submission, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await SubmissionNotices.TellTrainerOfAttemptAsync(db, notifier, submission, cancellationToken);
            }, cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two first submissions raced; the other one won the unique index.
            db.ChangeTracker.Clear();
            var winner = await db.Submissions.AsNoTracking()
                .Where(s => s.EnrollmentId == enrollment.Id && s.DeliverableId == deliverable.Id).Select(s => s.Id).SingleAsync(cancellationToken);
            return AlreadySubmitted(winner);
        }

        var view = await db.Submissions.AsNoTracking().Where(s => s.Id == submission!.Id).ToViews(db).SingleAsync(cancellationToken);
        return TypedResults.Created($"/api/submissions/{view.Id}", view);
    }

    /// <summary>
    /// After a revision request: a new attempt. While the current attempt waits and no reviewer has
    /// opened it: the same attempt with new content (a replacement).
    /// </summary>
    private static async Task<Results<Ok<SubmissionView>, ValidationProblem, ProblemHttpResult>> ResubmitAsync(
        Guid id, SubmissionContentRequest request, HttpContext http, ApraNovaDbContext db, INotifier notifier, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var studentId = http.User.GetUserId();
        var enrollment = await db.FindCurrentAsync(studentId, cancellationToken);
        if (enrollment is null)
            return LearningProblems.NoAccess();
        var submission = await db.Submissions.SingleOrDefaultAsync(s => s.Id == id && s.StudentId == studentId && s.EnrollmentId == enrollment.Id, cancellationToken);
        if (submission is null)
            return Problems.NotFound("There is no such submission.");
        if (!enrollment.CanWork)
            return LearningProblems.ReadOnly();
        var newAttempt = submission.Status == SubmissionStatus.RevisionRequested;
        if (!newAttempt && !submission.StudentCanChange)
            return submission.AwaitsReview
                ? SubmissionProblems.ReviewStarted()
                : Problems.Conflict("Not awaiting a revision",
                    $"This submission is {submission.Status}; a new attempt is possible only after the trainer requests a revision.");

        var accepted = await db.Deliverables.AsNoTracking().Where(d => d.Id == submission.DeliverableId).Select(d => d.AcceptedFileTypes).SingleAsync(cancellationToken);
        var (content, errors) = await SubmissionContent.ValidateAsync(submission.Kind, accepted, request, studentId, db, cancellationToken);
        if (errors is not null)
            return Problems.Invalid(errors);

        var now = clock.GetUtcNow();
        submission.Content = content!.Content;
        submission.FileId = content.FileId;
        submission.SubmittedAt = now;
        submission.UpdatedAt = now;
        if (newAttempt)
        {
            submission.Status = SubmissionStatus.Resubmitted;
            submission.Attempt++;
            submission.ReviewStartedAt = null;
            submission.ReviewStartedById = null;
        }
        try
        {
            await db.InTransactionAsync(async cancellationToken =>
            {
                await SubmissionAttempts.CurrentAsync(db, submission, cancellationToken);
                // The xmin check: a reviewer who opened (or decided on) the submission meanwhile wins.
                await db.SaveChangesAsync(cancellationToken);
                if (newAttempt)
                    await SubmissionNotices.TellTrainerOfAttemptAsync(db, notifier, submission, cancellationToken);
            }, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("Submission changed", "The submission changed while you were resubmitting (your trainer may have started the review); reload it and try again.");
        }
        return TypedResults.Ok(await db.Submissions.AsNoTracking().Where(s => s.Id == id).ToViews(db).SingleAsync(cancellationToken));
    }

    private static ProblemHttpResult AlreadySubmitted(Guid existingId) =>
        Problems.Conflict("Already submitted",
            $"This deliverable already has submission {existingId}; after a revision request, resubmit with PUT /api/submissions/{existingId}.");
}
