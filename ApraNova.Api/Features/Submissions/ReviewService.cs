using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Certificates;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Learning;
using ApraNova.Api.Features.Notifications;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Submissions;

public enum ReviewOutcome
{
    Reviewed,
    NotFound,
    NotAwaitingReview,
    EnrollmentNotActive,
    /// <summary>Approval asked for while rubric items are not ticked as met.</summary>
    RubricIncomplete,
    /// <summary>A rubric tick before the reviewer opened the attempt (review-start).</summary>
    ReviewNotStarted,
    /// <summary>A rubric tick for a position the deliverable's checklist does not have.</summary>
    NoSuchRubricItem,
}

/// <summary>
/// A trainer's (or admin's) decision on a submission, and its consequences: when the last
/// deliverable of a project is approved the project is approved and the next one unlocks; after
/// the last project the enrollment is completed and its certificate issued. The student is told
/// of each (<see cref="INotifier"/>) in the same transaction.
/// </summary>
/// <remarks>
/// Decisions on one student's submissions are serialised by locking the enrollment row
/// (<c>SELECT ... FOR UPDATE</c>), then the submission's own row: two approvals arriving together
/// for the two last deliverables of a project would otherwise each see the other as pending and
/// nobody would unlock the next project.
/// </remarks>
public sealed class ReviewService(ApraNovaDbContext db, IAuditLog audit, INotifier notifier, TimeProvider clock)
{
    public const int MaxFeedbackLength = 8_000;

    /// <param name="rubricMet">Positions (0-based) of the deliverable's rubric items the reviewer ticked as met; approval needs all of them.</param>
    public async Task<ReviewOutcome> DecideAsync(Guid submissionId, ClaimsPrincipal reviewer, bool approve, string? feedback,
        IReadOnlyCollection<int>? rubricMet, CancellationToken cancellationToken)
    {
        var enrollmentId = await db.Submissions.AsNoTracking().VisibleToReviewer(reviewer)
            .Where(s => s.Id == submissionId).Select(s => (Guid?)s.EnrollmentId).SingleOrDefaultAsync(cancellationToken);
        if (enrollmentId is null)
            return ReviewOutcome.NotFound;

        return await db.InTransactionAsync(async cancellationToken =>
        {
            db.ChangeTracker.Clear();
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM enrollments WHERE id = {enrollmentId.Value} FOR UPDATE", cancellationToken);
            var enrollment = await db.Enrollments.SingleAsync(e => e.Id == enrollmentId.Value, cancellationToken);
            if (enrollment.Status != EnrollmentStatus.Active)
                return ReviewOutcome.EnrollmentNotActive;
            var submission = await LockSubmissionAsync(submissionId, cancellationToken);
            if (!submission.AwaitsReview)
                return ReviewOutcome.NotAwaitingReview;

            var deliverable = await db.Deliverables.AsNoTracking().Where(d => d.Id == submission.DeliverableId)
                .Select(d => new { d.Title, d.Rubric, ProjectTitle = d.Project!.Title }).SingleAsync(cancellationToken);
            var attempt = await SubmissionAttempts.CurrentAsync(db, submission, cancellationToken);
            // Without positions in the decision, the ticks the reviewer saved while reviewing count.
            var met = rubricMet?.ToHashSet() ?? [.. SavedTicks(deliverable.Rubric, attempt.Rubric)];
            var rubric = deliverable.Rubric.Select((item, i) => new RubricCheck { Item = item, Met = met.Contains(i) }).ToList();
            if (approve && rubric.Any(check => !check.Met))
                return ReviewOutcome.RubricIncomplete;

            var now = clock.GetUtcNow();
            var reviewerId = reviewer.GetUserId();
            var before = new { Status = submission.Status.ToString(), submission.Attempt, submission.Feedback };
            submission.Status = approve ? SubmissionStatus.Approved : SubmissionStatus.RevisionRequested;
            submission.Feedback = string.IsNullOrWhiteSpace(feedback) ? (approve ? null : submission.Feedback) : feedback.Trim();
            submission.ReviewedById = reviewerId;
            submission.ReviewedAt = now;
            submission.UpdatedAt = now;
            attempt.Decision = submission.Status;
            attempt.Feedback = submission.Feedback;
            attempt.Rubric = rubric;
            attempt.ReviewedById = reviewerId;
            attempt.ReviewedAt = now;
            audit.Record(reviewerId, approve ? "submission.approved" : "submission.revision_requested", nameof(Submission), submission.Id.ToString(),
                before, new { Status = submission.Status.ToString(), submission.Attempt, submission.Feedback });

            var projectLink = $"/projects/{submission.ProjectId}";
            if (approve)
            {
                await notifier.NotifyAsync(new Notice(submission.StudentId, NotificationKind.DeliverableApproved, $"approved:{submission.Id}",
                    $"Approved: {deliverable.Title}",
                    $"Your trainer approved “{deliverable.Title}” ({deliverable.ProjectTitle}).",
                    projectLink, "Open the project", submission.Feedback, submission.Feedback is null ? null : "Your trainer's comments"), cancellationToken);
                await ApproveProjectIfCompleteAsync(enrollment, submission, reviewerId, now, cancellationToken);
            }
            else
            {
                await notifier.NotifyAsync(new Notice(submission.StudentId, NotificationKind.RevisionRequested, $"revision:{submission.Id}:{submission.Attempt}",
                    $"Revision requested: {deliverable.Title}",
                    $"Your trainer asked for changes to “{deliverable.Title}” ({deliverable.ProjectTitle}). Read the feedback, update your work and resubmit it.",
                    projectLink, "Open the project", submission.Feedback, "Your trainer's feedback"), cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            return ReviewOutcome.Reviewed;
        }, cancellationToken);
    }

    /// <summary>
    /// Saves one rubric tick while the review is open (idempotent: the same tick twice changes
    /// nothing). The ticks live on the current attempt's rubric, keyed by the item's wording, so a
    /// checklist edited meanwhile keeps the ticks of the items it still has; the decision makes them final.
    /// </summary>
    public async Task<(ReviewOutcome Outcome, IReadOnlyList<RubricCheck> Rubric)> TickAsync(Guid submissionId, ClaimsPrincipal reviewer, int position, bool met,
        CancellationToken cancellationToken)
    {
        var enrollmentId = await db.Submissions.AsNoTracking().VisibleToReviewer(reviewer)
            .Where(s => s.Id == submissionId).Select(s => (Guid?)s.EnrollmentId).SingleOrDefaultAsync(cancellationToken);
        if (enrollmentId is null)
            return (ReviewOutcome.NotFound, []);

        return await db.InTransactionAsync(async cancellationToken =>
        {
            db.ChangeTracker.Clear();
            // The same lock as a decision: two ticks (or a tick and the decision) never overwrite each other.
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM enrollments WHERE id = {enrollmentId.Value} FOR UPDATE", cancellationToken);
            var status = await db.Enrollments.Where(e => e.Id == enrollmentId.Value).Select(e => e.Status).SingleAsync(cancellationToken);
            if (status != EnrollmentStatus.Active)
                return (ReviewOutcome.EnrollmentNotActive, (IReadOnlyList<RubricCheck>)[]);
            var submission = await LockSubmissionAsync(submissionId, cancellationToken);
            if (!submission.AwaitsReview)
                return (ReviewOutcome.NotAwaitingReview, []);
            if (submission.ReviewStartedAt is null)
                return (ReviewOutcome.ReviewNotStarted, []);
            var items = await db.Deliverables.AsNoTracking().Where(d => d.Id == submission.DeliverableId).Select(d => d.Rubric).SingleAsync(cancellationToken);
            if (position < 0 || position >= items.Count)
                return (ReviewOutcome.NoSuchRubricItem, []);

            var attempt = await SubmissionAttempts.CurrentAsync(db, submission, cancellationToken);
            var ticked = SavedTicks(items, attempt.Rubric).ToHashSet();
            if (met) ticked.Add(position);
            else ticked.Remove(position);
            attempt.Rubric = [.. items.Select((item, i) => new RubricCheck { Item = item, Met = ticked.Contains(i) })];
            await db.SaveChangesAsync(cancellationToken);
            return (ReviewOutcome.Reviewed, attempt.Rubric);
        }, cancellationToken);
    }

    /// <summary>
    /// The submission, locked until the transaction ends. Writers that do not take the enrollment's
    /// lock (review-start's single UPDATE, the student's replacement or withdrawal) then wait for the
    /// decision instead of moving the row's xmin between its read and its write, which would fail
    /// the decision's save with a concurrency error. They see the decided row and answer 409 themselves.
    /// (xmin is a system column: <c>*</c> does not select it.)
    /// </summary>
    private async Task<Submission> LockSubmissionAsync(Guid submissionId, CancellationToken cancellationToken) =>
        (await db.Submissions.FromSql($"SELECT *, xmin FROM submissions WHERE id = {submissionId} FOR UPDATE").ToListAsync(cancellationToken)).Single();

    /// <summary>Positions of <paramref name="items"/> whose wording is ticked as met in <paramref name="saved"/>.</summary>
    private static IEnumerable<int> SavedTicks(IReadOnlyList<string> items, IEnumerable<RubricCheck> saved)
    {
        var met = saved.Where(check => check.Met).Select(check => check.Item).ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(0, items.Count).Where(i => met.Contains(items[i]));
    }

    private async Task ApproveProjectIfCompleteAsync(Enrollment enrollment, Submission approved, Guid reviewerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var deliverables = await db.Deliverables.Where(d => d.ProjectId == approved.ProjectId).Select(d => d.Id).ToListAsync(cancellationToken);
        var approvedOthers = await db.Submissions
            .Where(s => s.EnrollmentId == enrollment.Id && s.ProjectId == approved.ProjectId && s.Id != approved.Id && s.Status == SubmissionStatus.Approved)
            .Select(s => s.DeliverableId).ToListAsync(cancellationToken);
        if (!deliverables.All(d => d == approved.DeliverableId || approvedOthers.Contains(d)))
            return;

        var progress = await db.ProjectProgress.SingleOrDefaultAsync(p => p.EnrollmentId == enrollment.Id && p.ProjectId == approved.ProjectId, cancellationToken);
        if (progress is null || progress.ApprovedAt is not null)
            return;
        progress.ApprovedAt = now;
        audit.Record(reviewerId, "project.approved", "Project", approved.ProjectId.ToString(), null,
            new { EnrollmentId = enrollment.Id, enrollment.StudentId, ProjectId = approved.ProjectId });

        var position = await db.Projects.Where(p => p.Id == approved.ProjectId).Select(p => p.Position).SingleAsync(cancellationToken);
        var next = await db.Projects
            .Where(p => p.TrackId == enrollment.TrackId && p.Position > position)
            .OrderBy(p => p.Position).Select(p => new { p.Id, p.Position, p.Title }).FirstOrDefaultAsync(cancellationToken);
        if (next is not null)
        {
            if (!await db.ProjectProgress.AnyAsync(p => p.EnrollmentId == enrollment.Id && p.ProjectId == next.Id, cancellationToken))
                db.ProjectProgress.Add(new ProjectProgress { EnrollmentId = enrollment.Id, ProjectId = next.Id, UnlockedAt = now });
            await notifier.NotifyAsync(new Notice(enrollment.StudentId, NotificationKind.ProjectUnlocked, $"unlocked:{enrollment.Id}:{next.Id}",
                $"Project {next.Position} unlocked: {next.Title}",
                $"Your trainer approved every deliverable of the previous project, so “{next.Title}” is open. Its steps and deliverables are waiting for you.",
                $"/projects/{next.Id}", "Start the project"), cancellationToken);
            return;
        }

        // The last project: the track is done. Completed frees the trainer's seat (loads count open enrollments).
        var before = new { Status = enrollment.Status.ToString() };
        enrollment.Status = EnrollmentStatus.Completed;
        enrollment.EndedAt = now;
        enrollment.UpdatedAt = now;
        audit.Record(reviewerId, "enrollment.completed", nameof(Enrollment), enrollment.Id.ToString(), before, new { Status = enrollment.Status.ToString() });

        var names = await db.Enrollments.AsNoTracking().Where(e => e.Id == enrollment.Id)
            .Select(e => new { Student = e.Student!.FullName, e.Student.Email, e.Track!.Code, Track = e.Track.Name }).SingleAsync(cancellationToken);
        var certificate = db.Certificates.Add(new Certificate
        {
            EnrollmentId = enrollment.Id,
            StudentId = enrollment.StudentId,
            StudentName = string.IsNullOrWhiteSpace(names.Student) ? names.Email ?? "" : names.Student.Trim(),
            TrackCode = names.Code,
            TrackName = names.Track,
            IssuedAt = now,
            VerificationCode = CertificateCodes.New(),
        }).Entity;
        audit.Record(reviewerId, "certificate.issued", nameof(Certificate), certificate.Id.ToString(), null,
            new { EnrollmentId = enrollment.Id, certificate.VerificationCode });
        await notifier.NotifyAsync(new Notice(enrollment.StudentId, NotificationKind.TrackCompleted, $"completed:{enrollment.Id}",
            $"You completed {names.Track}",
            $"Your trainer approved your last project: you completed the {names.Track} track. Your certificate is ready; anyone can verify it with the code {certificate.VerificationCode}.",
            $"/certificates/{certificate.Id}", "View your certificate"), cancellationToken);
    }
}
