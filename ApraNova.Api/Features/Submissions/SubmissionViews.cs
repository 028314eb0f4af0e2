using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Security;

namespace ApraNova.Api.Features.Submissions;

public sealed record SubmittedFileView(Guid Id, string Name, string ContentType, long SizeBytes);

public sealed record SubmissionView(
    Guid Id, Guid StudentId, string StudentName, Guid DeliverableId, string DeliverableTitle, Guid ProjectId, string ProjectTitle,
    DeliverableKind Kind, string? Url, string? Text, SubmittedFileView? File, SubmissionStatus Status, int Attempt,
    string? Feedback, DateTimeOffset SubmittedAt, DateTimeOffset? ReviewedAt,
    DateTimeOffset? ReviewStartedAt, IReadOnlyList<string> Rubric, IReadOnlyList<string> AcceptedFileTypes);

public static class SubmissionQueries
{
    /// <summary>
    /// The submissions a caller may see: their own (student), their students' (trainer), everybody's
    /// (staff). Anything else does not exist for the caller.
    /// </summary>
    /// <remarks>
    /// A trainer's reach needs both the trainer role and the assignment (the enrollment names them):
    /// an assignment left behind by someone who is no longer a trainer grants nothing. A role change
    /// out of trainer also hands the enrollments back (EnrollmentService.ReleaseTrainerAsync); the
    /// role check here is what holds while anything else lags behind.
    /// </remarks>
    public static IQueryable<Submission> VisibleTo(this IQueryable<Submission> submissions, ClaimsPrincipal user)
    {
        if (user.IsStaff())
            return submissions;
        var userId = user.GetUserId();
        return user.IsInRole(Roles.Trainer)
            ? submissions.Where(s => s.StudentId == userId || s.Enrollment!.TrainerId == userId)
            : submissions.Where(s => s.StudentId == userId);
    }

    /// <summary>Submissions a reviewer may decide on: staff all, a trainer only those of the students assigned to them.</summary>
    public static IQueryable<Submission> VisibleToReviewer(this IQueryable<Submission> submissions, ClaimsPrincipal reviewer)
    {
        if (reviewer.IsStaff())
            return submissions;
        if (!reviewer.IsInRole(Roles.Trainer))
            return submissions.Where(_ => false);
        var reviewerId = reviewer.GetUserId();
        return submissions.Where(s => s.Enrollment!.TrainerId == reviewerId);
    }

    public static IQueryable<SubmissionView> ToViews(this IQueryable<Submission> submissions, ApraNovaDbContext db) =>
        submissions.Select(s => new SubmissionView(
            s.Id, s.StudentId, db.Users.Where(u => u.Id == s.StudentId).Select(u => u.FullName).FirstOrDefault() ?? "",
            s.DeliverableId, s.Deliverable!.Title, s.ProjectId, s.Deliverable.Project!.Title,
            s.Kind,
            s.Kind == DeliverableKind.Link || s.Kind == DeliverableKind.Github ? s.Content : null,
            s.Kind == DeliverableKind.Text ? s.Content : null,
            s.File == null ? null : new SubmittedFileView(s.File.Id, s.File.OriginalName, s.File.ContentType, s.File.SizeBytes),
            s.Status, s.Attempt, s.Feedback, s.SubmittedAt, s.ReviewedAt,
            s.ReviewStartedAt, s.Deliverable.Rubric, s.Deliverable.AcceptedFileTypes));
}
