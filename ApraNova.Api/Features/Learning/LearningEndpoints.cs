using ApraNova.Api.Data;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Learning;

/// <summary>The student's own track (mapped under <c>/api/learning</c> by <see cref="LearningFeature"/>).</summary>
internal static class LearningEndpoints
{
    public static RouteGroupBuilder MapLearningEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/", GetMyTrackAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("GetMyTrack")
            .WithSummary("The student's track with every project's state, steps (done or not) and deliverables with their submission.");

        group.MapPut("/steps/{stepId:guid}/completion", (Guid stepId, HttpContext http, ApraNovaDbContext db, TimeProvider clock, CancellationToken ct) =>
                SetStepAsync(stepId, done: true, http, db, clock, ct))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CompleteStep")
            .WithSummary("Ticks a step of an unlocked project as done (idempotent).");

        group.MapDelete("/steps/{stepId:guid}/completion", (Guid stepId, HttpContext http, ApraNovaDbContext db, TimeProvider clock, CancellationToken ct) =>
                SetStepAsync(stepId, done: false, http, db, clock, ct))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("UncompleteStep")
            .WithSummary("Unticks a step (idempotent).");

        return group;
    }

    private static async Task<Results<Ok<LearningTrackView>, ProblemHttpResult>> GetMyTrackAsync(
        HttpContext http, ApraNovaDbContext db, LearningTrackReader tracks, CancellationToken cancellationToken)
    {
        var enrollment = await db.FindCurrentAsync(http.User.GetUserId(), cancellationToken);
        if (enrollment is null)
            return LearningProblems.NoAccess();
        return await tracks.ReadAsync(enrollment, cancellationToken) is { } view
            ? TypedResults.Ok(view)
            : LearningProblems.NoAccess();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetStepAsync(
        Guid stepId, bool done, HttpContext http, ApraNovaDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var enrollment = await db.FindCurrentAsync(http.User.GetUserId(), cancellationToken);
        if (enrollment is null)
            return LearningProblems.NoAccess();

        var step = await db.Steps.AsNoTracking()
            .Where(s => s.Id == stepId && s.Project!.TrackId == enrollment.TrackId)
            .Select(s => new { s.Id, s.ProjectId })
            .SingleOrDefaultAsync(cancellationToken);
        if (step is null)
            return Problems.NotFound("There is no such step in your track.");
        if (!enrollment.CanWork)
            return LearningProblems.ReadOnly();
        if (!await db.ProjectProgress.AnyAsync(p => p.EnrollmentId == enrollment.Id && p.ProjectId == step.ProjectId, cancellationToken))
            return LearningProblems.ProjectLocked();

        if (done)
        {
            // INSERT .. ON CONFLICT DO NOTHING: ticking twice (or from two tabs at once) is not an error.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO step_completions (enrollment_id, step_id, project_id, completed_at)
                VALUES ({enrollment.Id}, {step.Id}, {step.ProjectId}, {clock.GetUtcNow()})
                ON CONFLICT DO NOTHING
                """, cancellationToken);
        }
        else
        {
            await db.StepCompletions.Where(c => c.EnrollmentId == enrollment.Id && c.StepId == step.Id).ExecuteDeleteAsync(cancellationToken);
        }
        return TypedResults.NoContent();
    }
}
