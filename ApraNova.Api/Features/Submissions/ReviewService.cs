using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Learning;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Submissions;

public enum ReviewOutcome
{
    Reviewed,
    NotFound,
    NotAwaitingReview,
    EnrollmentNotActive,
}

/// <summary>
/// A trainer's (or admin's) decision on a submission, and its consequences: when the last
/// deliverable of a project is approved the project is approved and the next one unlocks; after
/// the last project the enrollment is completed.
/// </summary>
/// <remarks>
/// Decisions on one student's submissions are serialised by locking the enrollment row
/// (<c>SELECT ... FOR UPDATE</c>): two approvals arriving together for the two last deliverables
/// of a project would otherwise each see the other as pending and nobody would unlock the next project.
/// </remarks>
public sealed class ReviewService(ApraNovaDbContext db, IAuditLog audit, TimeProvider clock)
{
    public const int MaxFeedbackLength = 8_000;

    public async Task<ReviewOutcome> DecideAsync(Guid submissionId, ClaimsPrincipal reviewer, bool approve, string? feedback, CancellationToken cancellationToken)
    {
        var enrollmentId = await db.Submissions.AsNoTracking().VisibleToReviewer(reviewer)
            .Where(s => s.Id == submissionId).Select(s => (Guid?)s.EnrollmentId).SingleOrDefaultAsync(cancellationToken);
        if (enrollmentId is null)
            return ReviewOutcome.NotFound;

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM enrollments WHERE id = {enrollmentId.Value} FOR UPDATE", cancellationToken);
            var enrollment = await db.Enrollments.SingleAsync(e => e.Id == enrollmentId.Value, cancellationToken);
            if (enrollment.Status != EnrollmentStatus.Active)
                return ReviewOutcome.EnrollmentNotActive;
            var submission = await db.Submissions.SingleAsync(s => s.Id == submissionId, cancellationToken);
            if (!submission.AwaitsReview)
                return ReviewOutcome.NotAwaitingReview;

            var now = clock.GetUtcNow();
            var reviewerId = reviewer.GetUserId();
            var before = new { Status = submission.Status.ToString(), submission.Attempt, submission.Feedback };
            submission.Status = approve ? SubmissionStatus.Approved : SubmissionStatus.RevisionRequested;
            submission.Feedback = string.IsNullOrWhiteSpace(feedback) ? (approve ? null : submission.Feedback) : feedback.Trim();
            submission.ReviewedById = reviewerId;
            submission.ReviewedAt = now;
            submission.UpdatedAt = now;
            audit.Record(reviewerId, approve ? "submission.approved" : "submission.revision_requested", nameof(Submission), submission.Id.ToString(),
                before, new { Status = submission.Status.ToString(), submission.Attempt, submission.Feedback });

            if (approve)
                await ApproveProjectIfCompleteAsync(enrollment, submission, reviewerId, now, cancellationToken);

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return ReviewOutcome.Reviewed;
        });
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
            .OrderBy(p => p.Position).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
        if (next is { } nextProject)
        {
            if (!await db.ProjectProgress.AnyAsync(p => p.EnrollmentId == enrollment.Id && p.ProjectId == nextProject, cancellationToken))
                db.ProjectProgress.Add(new ProjectProgress { EnrollmentId = enrollment.Id, ProjectId = nextProject, UnlockedAt = now });
            return;
        }

        // The last project: the track is done. Completed frees the trainer's seat (loads count open enrollments).
        var before = new { Status = enrollment.Status.ToString() };
        enrollment.Status = EnrollmentStatus.Completed;
        enrollment.EndedAt = now;
        enrollment.UpdatedAt = now;
        audit.Record(reviewerId, "enrollment.completed", nameof(Enrollment), enrollment.Id.ToString(), before, new { Status = enrollment.Status.ToString() });
    }
}
