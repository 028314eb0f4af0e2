using ApraNova.Api.Data;
using ApraNova.Api.Features.Accounts;
using ApraNova.Api.Features.Curriculum;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Progress;

public sealed record StepView(Guid Id, int Position, string Title, string Instructions, bool Done);

public sealed record SubmissionStateView(Guid Id, SubmissionStatus Status, int Attempt, string? Feedback, DateTimeOffset SubmittedAt, DateTimeOffset? ReviewedAt);

public sealed record DeliverableView(Guid Id, int Position, string Title, string Instructions, DeliverableKind Kind, SubmissionStateView? Submission);

public sealed record ProjectView(Guid Id, int Position, string Title, string Summary, ProjectState State, int Percent,
    IReadOnlyList<StepView> Steps, IReadOnlyList<DeliverableView> Deliverables);

public sealed record LearningTrackView(Guid EnrollmentId, string TrackCode, string TrackName, Enrollments.EnrollmentStatus EnrollmentStatus,
    int Percent, IReadOnlyList<ProjectView> Projects);

/// <summary>The student's own track: projects with their lock state, steps to tick, deliverables to hand in.</summary>
public static class ProgressApi
{
    public static RouteGroupBuilder MapProgressApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/learning").WithTags("Learning")
            .RequireAuthorization(AuthorizationPolicies.Student);

        group.MapGet("/", GetMyTrackAsync)
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
        HttpContext http, ApraNovaDbContext db, TrackCatalog catalog, CancellationToken cancellationToken)
    {
        var enrollment = await db.FindCurrentAsync(http.User.GetUserId(), cancellationToken);
        if (enrollment is null)
            return LearnerEnrollments.NoAccess();
        return await BuildTrackViewAsync(db, catalog, enrollment, cancellationToken) is { } view
            ? TypedResults.Ok(view)
            : LearnerEnrollments.NoAccess();
    }

    /// <summary>The track as one enrollment sees it (shared by the student's page and the trainer's student page).</summary>
    public static async Task<LearningTrackView?> BuildTrackViewAsync(ApraNovaDbContext db, TrackCatalog catalog,
        LearnerEnrollments.Current enrollment, CancellationToken cancellationToken)
    {
        var track = (await catalog.GetAsync(cancellationToken)).Find(enrollment.TrackCode);
        if (track is null)
            return null;

        var facts = await ProgressFacts.LoadAsync(db, enrollment.Id, cancellationToken);
        var progress = ProgressReport.Build(track, facts.Report);
        var projects = track.Projects.Zip(progress.Projects, (project, state) => new ProjectView(
            project.Id, project.Position, project.Title, project.Summary, state.State, state.Percent,
            [.. project.Steps.Select(s => new StepView(s.Id, s.Position, s.Title, s.Instructions, facts.Report.DoneSteps.Contains(s.Id)))],
            [.. project.Deliverables.Select(d => new DeliverableView(d.Id, d.Position, d.Title, d.Instructions, d.Kind,
                facts.Submissions.GetValueOrDefault(d.Id)))])).ToList();
        return new LearningTrackView(enrollment.Id, track.Code, track.Name, enrollment.Status, progress.Percent, projects);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetStepAsync(
        Guid stepId, bool done, HttpContext http, ApraNovaDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var enrollment = await db.FindCurrentAsync(http.User.GetUserId(), cancellationToken);
        if (enrollment is null)
            return LearnerEnrollments.NoAccess();

        var step = await db.Steps.AsNoTracking()
            .Where(s => s.Id == stepId && s.Project!.TrackId == enrollment.TrackId)
            .Select(s => new { s.Id, s.ProjectId })
            .SingleOrDefaultAsync(cancellationToken);
        if (step is null)
            return Problems.NotFound("There is no such step in your track.");
        if (!enrollment.CanWork)
            return LearnerEnrollments.ReadOnly();
        if (!await db.ProjectProgress.AnyAsync(p => p.EnrollmentId == enrollment.Id && p.ProjectId == step.ProjectId, cancellationToken))
            return ProjectLocked();

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

    public static ProblemHttpResult ProjectLocked() =>
        Problems.Conflict("Project locked", "This project unlocks when the previous project is approved; it can be read but not worked on yet.");
}

/// <summary>Everything about one enrollment's progress, loaded with three small indexed queries.</summary>
public sealed record ProgressFacts(ProgressReport.Facts Report, IReadOnlyDictionary<Guid, SubmissionStateView> Submissions)
{
    public static async Task<ProgressFacts> LoadAsync(ApraNovaDbContext db, Guid enrollmentId, CancellationToken cancellationToken)
    {
        var unlocked = await db.ProjectProgress.AsNoTracking().Where(p => p.EnrollmentId == enrollmentId).ToListAsync(cancellationToken);
        var doneSteps = await db.StepCompletions.AsNoTracking().Where(c => c.EnrollmentId == enrollmentId).Select(c => c.StepId).ToListAsync(cancellationToken);
        var submissions = await db.Submissions.AsNoTracking().Where(s => s.EnrollmentId == enrollmentId)
            .Select(s => new { s.DeliverableId, View = new SubmissionStateView(s.Id, s.Status, s.Attempt, s.Feedback, s.SubmittedAt, s.ReviewedAt) })
            .ToListAsync(cancellationToken);
        return new ProgressFacts(
            new ProgressReport.Facts(
                unlocked.ToDictionary(p => p.ProjectId),
                doneSteps.ToHashSet(),
                submissions.Where(s => s.View.Status == SubmissionStatus.Approved).Select(s => s.DeliverableId).ToHashSet()),
            submissions.ToDictionary(s => s.DeliverableId, s => s.View));
    }
}
