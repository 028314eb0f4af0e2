using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Accounts;
using ApraNova.Api.Features.Curriculum;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Progress;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Trainers;

public sealed record TrainerStudentRow(Guid StudentId, string FullName, string Email, Guid EnrollmentId, string TrackCode,
    EnrollmentStatus Status, Guid? TrainerId, int Percent, int ProjectsApproved, int AwaitingReview, DateTimeOffset EnrolledAt);

public sealed record TrainerStudentDetail(Guid StudentId, string FullName, string Email, LearningTrackView Track, IReadOnlyList<SubmissionView> Submissions);

public sealed record ReviewRequest(string? Feedback);

/// <summary>
/// The trainer's desk: their students with progress, the review queue and the decisions. A
/// trainer sees only the students assigned to them (anyone else's student is a 404); staff see everyone.
/// </summary>
public static class TrainersApi
{
    public static RouteGroupBuilder MapTrainersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/trainer").WithTags("Trainer")
            .RequireAuthorization(AuthorizationPolicies.TrainerOrStaff);

        group.MapGet("/students", ListStudentsAsync)
            .WithName("ListMyStudents")
            .WithSummary("The caller's students (staff: every open enrollment) with their progress.");

        group.MapGet("/students/{studentId:guid}", GetStudentAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetMyStudent")
            .WithSummary("One of the caller's students: the track as they see it and all their submissions.");

        group.MapGet("/reviews", async (HttpContext http, ApraNovaDbContext db, CancellationToken ct) =>
                TypedResults.Ok(await db.Submissions.AsNoTracking().VisibleToReviewer(http.User)
                    .Where(s => (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Resubmitted)
                        && s.Enrollment!.Status == EnrollmentStatus.Active)
                    .OrderBy(s => s.SubmittedAt).ThenBy(s => s.Id)
                    .Take(200)
                    .ToViews(db).ToListAsync(ct)))
            .WithName("GetReviewQueue")
            .WithSummary("Submissions awaiting review, oldest first (at most 200).");

        group.MapPost("/submissions/{id:guid}/approve",
                (Guid id, ReviewRequest? request, HttpContext http, ReviewService reviews, ApraNovaDbContext db, CancellationToken ct) =>
                    DecideAsync(id, approve: true, request?.Feedback, http.User, reviews, db, ct))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ApproveSubmission")
            .WithSummary("Approves a submission; approving the last deliverable of a project approves it and unlocks the next.");

        group.MapPost("/submissions/{id:guid}/request-revision",
                (Guid id, ReviewRequest request, HttpContext http, ReviewService reviews, ApraNovaDbContext db, CancellationToken ct) =>
                    DecideAsync(id, approve: false, request.Feedback, http.User, reviews, db, ct))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RequestRevision")
            .WithSummary("Sends a submission back to the student with feedback (required).");

        return group;
    }

    private static async Task<Ok<List<TrainerStudentRow>>> ListStudentsAsync(
        HttpContext http, ApraNovaDbContext db, TrackCatalog catalog, CancellationToken cancellationToken)
    {
        var enrollments = db.Enrollments.AsNoTracking()
            .Where(e => e.Status == EnrollmentStatus.Active || e.Status == EnrollmentStatus.Suspended || e.Status == EnrollmentStatus.Completed);
        if (!http.User.IsStaff())
        {
            var trainerId = http.User.GetUserId();
            enrollments = enrollments.Where(e => e.TrainerId == trainerId);
        }

        var rows = await enrollments
            .OrderBy(e => e.Student!.FullName).ThenBy(e => e.Id)
            .Take(1000)
            .Select(e => new
            {
                e.StudentId, e.Student!.FullName, e.Student.Email, EnrollmentId = e.Id, e.Track!.Code, e.Status, e.TrainerId, e.CreatedAt,
                Awaiting = db.Submissions.Count(s => s.EnrollmentId == e.Id && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Resubmitted)),
            })
            .ToListAsync(cancellationToken);

        // Progress of all listed students with three set-based queries (not three per student).
        var ids = rows.Select(r => r.EnrollmentId).ToList();
        var unlocked = (await db.ProjectProgress.AsNoTracking().Where(p => ids.Contains(p.EnrollmentId)).ToListAsync(cancellationToken))
            .ToLookup(p => p.EnrollmentId);
        var doneSteps = (await db.StepCompletions.AsNoTracking().Where(c => ids.Contains(c.EnrollmentId))
            .Select(c => new { c.EnrollmentId, c.StepId }).ToListAsync(cancellationToken)).ToLookup(c => c.EnrollmentId, c => c.StepId);
        var approved = (await db.Submissions.AsNoTracking().Where(s => ids.Contains(s.EnrollmentId) && s.Status == SubmissionStatus.Approved)
            .Select(s => new { s.EnrollmentId, s.DeliverableId }).ToListAsync(cancellationToken)).ToLookup(s => s.EnrollmentId, s => s.DeliverableId);

        var snapshot = await catalog.GetAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(r =>
        {
            var progress = snapshot.Find(r.Code) is { } track
                ? ProgressReport.Build(track, new ProgressReport.Facts(
                    unlocked[r.EnrollmentId].ToDictionary(p => p.ProjectId), doneSteps[r.EnrollmentId].ToHashSet(), approved[r.EnrollmentId].ToHashSet()))
                : null;
            return new TrainerStudentRow(r.StudentId, r.FullName, r.Email ?? "", r.EnrollmentId, r.Code, r.Status, r.TrainerId,
                progress?.Percent ?? 0, progress?.ProjectsApproved ?? 0, r.Awaiting, r.CreatedAt);
        }).ToList());
    }

    private static async Task<Results<Ok<TrainerStudentDetail>, ProblemHttpResult>> GetStudentAsync(
        Guid studentId, HttpContext http, ApraNovaDbContext db, TrackCatalog catalog, CancellationToken cancellationToken)
    {
        var enrollments = db.Enrollments.AsNoTracking().Where(e => e.StudentId == studentId && e.Status != EnrollmentStatus.PendingPayment);
        if (!http.User.IsStaff())
        {
            var trainerId = http.User.GetUserId();
            enrollments = enrollments.Where(e => e.TrainerId == trainerId
                && (e.Status == EnrollmentStatus.Active || e.Status == EnrollmentStatus.Suspended || e.Status == EnrollmentStatus.Completed));
        }
        var enrollment = await enrollments
            .OrderByDescending(e => e.CreatedAt)
            .Select(e => new { Current = new LearnerEnrollments.Current(e.Id, e.TrackId, e.Track!.Code, e.TrainerId, e.Status), e.Student!.FullName, e.Student.Email })
            .FirstOrDefaultAsync(cancellationToken);
        if (enrollment is null)
            return Problems.NotFound("There is no such student among yours.");

        var track = await ProgressApi.BuildTrackViewAsync(db, catalog, enrollment.Current, cancellationToken);
        if (track is null)
            return Problems.NotFound("There is no such student among yours.");
        var submissions = await db.Submissions.AsNoTracking().Where(s => s.EnrollmentId == enrollment.Current.Id)
            .OrderByDescending(s => s.UpdatedAt).ToViews(db).ToListAsync(cancellationToken);
        return TypedResults.Ok(new TrainerStudentDetail(studentId, enrollment.FullName, enrollment.Email ?? "", track, submissions));
    }

    private static async Task<Results<Ok<SubmissionView>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid id, bool approve, string? feedback, ClaimsPrincipal reviewer, ReviewService reviews, ApraNovaDbContext db, CancellationToken cancellationToken)
    {
        if (!approve && string.IsNullOrWhiteSpace(feedback))
            return Problems.Invalid("feedback", "Say what the student should change.");
        if (feedback is { Length: > ReviewService.MaxFeedbackLength })
            return Problems.Invalid("feedback", $"Feedback must be at most {ReviewService.MaxFeedbackLength} characters.");

        return await reviews.DecideAsync(id, reviewer, approve, feedback, cancellationToken) switch
        {
            ReviewOutcome.Reviewed => TypedResults.Ok(await db.Submissions.AsNoTracking().Where(s => s.Id == id).ToViews(db).SingleAsync(cancellationToken)),
            ReviewOutcome.NotFound => Problems.NotFound("There is no such submission among your students'."),
            ReviewOutcome.NotAwaitingReview => Problems.Conflict("Not awaiting review", "This submission has already been reviewed; wait for the student's next attempt."),
            _ => Problems.Conflict("Enrollment is not active", "The student's enrollment is not active; their work cannot be reviewed."),
        };
    }
}
