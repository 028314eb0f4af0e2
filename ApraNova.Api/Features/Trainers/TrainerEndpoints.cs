using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Trainers;

/// <param name="RubricMet">Positions (0-based) of the deliverable's rubric items found met; approval needs every item.</param>
public sealed record ApprovalRequest(
    [StringLength(ReviewService.MaxFeedbackLength, ErrorMessage = "Feedback must be at most 8000 characters.")] string? Feedback,
    [MaxLength(50)] IReadOnlyList<int>? RubricMet = null);

/// <param name="RubricMet">Positions (0-based) of the deliverable's rubric items found met (the student sees which were not).</param>
public sealed record RevisionRequest(
    [Required(ErrorMessage = "Say what the student should change."),
     StringLength(ReviewService.MaxFeedbackLength, ErrorMessage = "Feedback must be at most 8000 characters.")] string Feedback,
    [MaxLength(50)] IReadOnlyList<int>? RubricMet = null);

/// <summary>One checklist item found met (true) or not (false) while the review is open.</summary>
public sealed record RubricTickRequest([Required(ErrorMessage = "Say whether the item is met (true or false).")] bool? Met);

/// <summary>The trainer's workspace (mapped under <c>/api/trainers</c> by <see cref="TrainersFeature"/>).</summary>
internal static class TrainerEndpoints
{
    public const int MaxReviewQueue = 200;

    public static RouteGroupBuilder MapTrainerEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/students", async (ClaimsPrincipal user, TrainerStudents students, CancellationToken ct) =>
                TypedResults.Ok(await students.ListAsync(user, ct)))
            .WithName("ListMyStudents")
            .WithSummary("The caller's students (staff: every open enrollment) with their progress.");

        group.MapGet("/students/{studentId:guid}", async Task<Results<Ok<TrainerStudentDetail>, ProblemHttpResult>> (
                Guid studentId, ClaimsPrincipal user, TrainerStudents students, CancellationToken ct) =>
                await students.FindAsync(user, studentId, ct) is { } student
                    ? TypedResults.Ok(student)
                    : Problems.NotFound("There is no such student among yours."))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetMyStudent")
            .WithSummary("One of the caller's students: the track as they see it and all their submissions.");

        group.MapGet("/reviews", async (ClaimsPrincipal user, ApraNovaDbContext db, CancellationToken ct,
                string? track = null, Guid? student = null, SubmissionStatus? status = null) =>
            {
                var queue = db.Submissions.AsNoTracking().VisibleToReviewer(user)
                    .Where(s => (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Resubmitted)
                        && s.Enrollment!.Status == EnrollmentStatus.Active);
                // Filters: a track, a student, first attempts (submitted) or resubmissions.
                if (!string.IsNullOrWhiteSpace(track))
                {
                    var code = track.Trim().ToUpperInvariant();
                    queue = queue.Where(s => s.Enrollment!.Track!.Code == code);
                }
                if (student is { } studentId)
                    queue = queue.Where(s => s.StudentId == studentId);
                if (status is { } wanted)
                    queue = queue.Where(s => s.Status == wanted);
                return TypedResults.Ok(await queue.OrderBy(s => s.SubmittedAt).ThenBy(s => s.Id)
                    .Take(MaxReviewQueue)
                    .ToViews(db).ToListAsync(ct));
            })
            .WithName("GetReviewQueue")
            .WithSummary("Submissions awaiting review, oldest first (at most 200); filter by track code, student id or status (submitted, resubmitted).");

        group.MapPost("/submissions/{id:guid}/approve",
                (Guid id, ApprovalRequest? request, ClaimsPrincipal user, ReviewService reviews, ApraNovaDbContext db, CancellationToken ct) =>
                    DecideAsync(id, approve: true, request?.Feedback, request?.RubricMet, user, reviews, db, ct))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ApproveSubmission")
            .WithSummary("Approves a submission; approving the last deliverable of a project approves it and unlocks the next.");

        group.MapPost("/submissions/{id:guid}/request-revision",
                (Guid id, RevisionRequest request, ClaimsPrincipal user, ReviewService reviews, ApraNovaDbContext db, CancellationToken ct) =>
                    DecideAsync(id, approve: false, request.Feedback, request.RubricMet, user, reviews, db, ct))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RequestRevision")
            .WithSummary("Sends a submission back to the student with feedback (required).");

        group.MapPut("/submissions/{id:guid}/rubric/{position:int}", TickRubricAsync)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("TickRubricItem")
            .WithSummary("Saves one checklist tick (0-based position of the deliverable's rubric item) while the review is open; idempotent. The decision makes the ticks final.");

        return group;
    }

    private static async Task<Results<Ok<List<RubricCheckView>>, ValidationProblem, ProblemHttpResult>> TickRubricAsync(
        Guid id, int position, RubricTickRequest request, ClaimsPrincipal user, ReviewService reviews, CancellationToken cancellationToken)
    {
        var (outcome, rubric) = await reviews.TickAsync(id, user, position, request.Met!.Value, cancellationToken);
        return outcome switch
        {
            ReviewOutcome.Reviewed => TypedResults.Ok(rubric.Select(check => new RubricCheckView(check.Item, check.Met)).ToList()),
            ReviewOutcome.NoSuchRubricItem => Problems.Invalid("position", "This deliverable's checklist has no item at that position."),
            ReviewOutcome.NotFound => Problems.NotFound("There is no such submission among your students'."),
            ReviewOutcome.ReviewNotStarted => Problems.Conflict("Review not started", "Open the submission for review before ticking its checklist."),
            ReviewOutcome.NotAwaitingReview => Problems.Conflict("Not awaiting review", "This submission has already been reviewed; wait for the student's next attempt."),
            _ => Problems.Conflict("Enrollment is not active", "The student's enrollment is not active; their work cannot be reviewed."),
        };
    }

    private static async Task<Results<Ok<SubmissionView>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        Guid id, bool approve, string? feedback, IReadOnlyList<int>? rubricMet, ClaimsPrincipal reviewer, ReviewService reviews, ApraNovaDbContext db,
        CancellationToken cancellationToken) =>
        await reviews.DecideAsync(id, reviewer, approve, feedback, rubricMet, cancellationToken) switch
        {
            ReviewOutcome.RubricIncomplete => Problems.Invalid("rubricMet", "Tick every rubric item as met to approve, or request a revision that says what is missing."),
            ReviewOutcome.Reviewed => TypedResults.Ok(await db.Submissions.AsNoTracking().Where(s => s.Id == id).ToViews(db).SingleAsync(cancellationToken)),
            ReviewOutcome.NotFound => Problems.NotFound("There is no such submission among your students'."),
            ReviewOutcome.NotAwaitingReview => Problems.Conflict("Not awaiting review", "This submission has already been reviewed; wait for the student's next attempt."),
            _ => Problems.Conflict("Enrollment is not active", "The student's enrollment is not active; their work cannot be reviewed."),
        };
}
