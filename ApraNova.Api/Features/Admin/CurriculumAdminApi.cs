using System.Security.Claims;
using System.Text.RegularExpressions;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Accounts;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Curriculum;
using ApraNova.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Admin;

public sealed record TrackRequest(string? Code, string? Name, string? Description, long? PriceCents, string? Currency);

public sealed record ProjectRequest(string? Title, string? Summary);

public sealed record StepRequest(string? Title, string? Instructions);

public sealed record DeliverableRequest(string? Title, string? Instructions, DeliverableKind? Kind);

public sealed record OrderRequest(IReadOnlyList<Guid>? Ids);

/// <summary>
/// Staff edit the curriculum: tracks (names, prices), projects, steps and deliverables, and their
/// order. Every change is audited and invalidates the cached catalogue; every answer is the
/// affected track as the public sees it after the change.
/// </summary>
public static partial class CurriculumAdminApi
{
    public static RouteGroupBuilder MapCurriculumAdminApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/admin").WithTags("Admin: curriculum")
            .RequireAuthorization(AuthorizationPolicies.Staff)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/tracks", CreateTrackAsync).WithName("AdminCreateTrack").WithSummary("Creates a track.");
        group.MapPut("/tracks/{code}", UpdateTrackAsync).WithName("AdminUpdateTrack").WithSummary("Edits a track's name, description and price.");
        group.MapPost("/tracks/{code}/projects", AddProjectAsync).WithName("AdminAddProject").WithSummary("Appends a project to a track.");
        group.MapPut("/tracks/{code}/projects/order", ReorderProjectsAsync).WithName("AdminReorderProjects").WithSummary("Sets the order of a track's projects.");
        group.MapPut("/projects/{id:guid}", UpdateProjectAsync).WithName("AdminUpdateProject").WithSummary("Edits a project.");
        group.MapPost("/projects/{id:guid}/steps", AddStepAsync).WithName("AdminAddStep").WithSummary("Appends a step to a project.");
        group.MapPut("/projects/{id:guid}/steps/order", ReorderStepsAsync).WithName("AdminReorderSteps").WithSummary("Sets the order of a project's steps.");
        group.MapPut("/steps/{id:guid}", UpdateStepAsync).WithName("AdminUpdateStep").WithSummary("Edits a step.");
        group.MapDelete("/steps/{id:guid}", DeleteStepAsync).WithName("AdminDeleteStep").WithSummary("Deletes a step (and students' ticks of it).");
        group.MapPost("/projects/{id:guid}/deliverables", AddDeliverableAsync).WithName("AdminAddDeliverable").WithSummary("Appends a deliverable to a project.");
        group.MapPut("/projects/{id:guid}/deliverables/order", ReorderDeliverablesAsync).WithName("AdminReorderDeliverables").WithSummary("Sets the order of a project's deliverables.");
        group.MapPut("/deliverables/{id:guid}", UpdateDeliverableAsync).WithName("AdminUpdateDeliverable").WithSummary("Edits a deliverable.");
        group.MapDelete("/deliverables/{id:guid}", DeleteDeliverableAsync)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("AdminDeleteDeliverable").WithSummary("Deletes a deliverable nobody has submitted yet.");
        return group;
    }


    private static async Task<Results<Created<TrackDetail>, ValidationProblem, ProblemHttpResult>> CreateTrackAsync(
        TrackRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var code = errors.Text("code", request.Code, 16).ToUpperInvariant();
        if (code.Length > 0 && !TrackCode().IsMatch(code))
            errors.Add("code", "2 to 16 letters or digits, e.g. DP.");
        var track = new Track { Code = code, Name = "" };
        Apply(track, request, errors);
        if (errors.Any)
            return errors.ToResult();
        if (await db.Tracks.AnyAsync(t => t.Code == code, ct))
            return Problems.Conflict("Track exists", $"There is already a track '{code}'.");
        db.Tracks.Add(track);
        audit.Record(user.GetUserId(), "curriculum.track_created", nameof(Track), code, null, new { track.Name, track.PriceCents, track.Currency });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return Problems.Conflict("Track exists", $"There is already a track '{code}'.");
        }
        return TypedResults.Created($"/api/tracks/{code}", await ChangedAsync(catalog, code, ct));
    }

    private static async Task<Results<Ok<TrackDetail>, ValidationProblem, ProblemHttpResult>> UpdateTrackAsync(
        string code, TrackRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var normalised = code.Trim().ToUpperInvariant();
        var track = await db.Tracks.SingleOrDefaultAsync(t => t.Code == normalised, ct);
        if (track is null)
            return Problems.NotFound($"There is no track '{code}'.");
        var before = new { track.Name, track.Description, track.PriceCents, track.Currency };
        var errors = new FieldErrors();
        Apply(track, request, errors);
        if (errors.Any)
            return errors.ToResult();
        audit.Record(user.GetUserId(), "curriculum.track_updated", nameof(Track), track.Code, before,
            new { track.Name, track.Description, track.PriceCents, track.Currency });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ChangedAsync(catalog, track.Code, ct));
    }

    private static void Apply(Track track, TrackRequest request, FieldErrors errors)
    {
        track.Name = errors.Text("name", request.Name, 200);
        track.Description = errors.Text("description", request.Description, 4000, required: false);
        if (request.PriceCents is not { } price || price < 0 || price > 100_000_000)
            errors.Add("priceCents", "A price in cents between 0 and 100000000 is required.");
        else
            track.PriceCents = price;
        var currency = (request.Currency ?? "usd").Trim().ToLowerInvariant();
        if (!Currency().IsMatch(currency))
            errors.Add("currency", "A three-letter ISO currency code, e.g. usd.");
        track.Currency = currency;
        track.UpdatedAt = DateTimeOffset.UtcNow;
    }

    private static async Task<Results<Created<TrackDetail>, ValidationProblem, ProblemHttpResult>> AddProjectAsync(
        string code, ProjectRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var normalised = code.Trim().ToUpperInvariant();
        var track = await db.Tracks.SingleOrDefaultAsync(t => t.Code == normalised, ct);
        if (track is null)
            return Problems.NotFound($"There is no track '{code}'.");
        var errors = new FieldErrors();
        var project = new Project { TrackId = track.Id, Title = errors.Text("title", request.Title, 200), Summary = errors.Text("summary", request.Summary, 4000, required: false) };
        if (errors.Any)
            return errors.ToResult();
        project.Position = (await db.Projects.Where(p => p.TrackId == track.Id).MaxAsync(p => (int?)p.Position, ct) ?? 0) + 1;
        db.Projects.Add(project);
        audit.Record(user.GetUserId(), "curriculum.project_added", nameof(Project), project.Id.ToString(), null, new { track.Code, project.Title, project.Position });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/tracks/{track.Code}", await ChangedAsync(catalog, track.Code, ct));
    }

    private static async Task<Results<Ok<TrackDetail>, ValidationProblem, ProblemHttpResult>> UpdateProjectAsync(
        Guid id, ProjectRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var project = await db.Projects.Include(p => p.Track).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
            return Problems.NotFound($"There is no project {id}.");
        var before = new { project.Title, project.Summary };
        var errors = new FieldErrors();
        project.Title = errors.Text("title", request.Title, 200);
        project.Summary = errors.Text("summary", request.Summary, 4000, required: false);
        if (errors.Any)
            return errors.ToResult();
        audit.Record(user.GetUserId(), "curriculum.project_updated", nameof(Project), id.ToString(), before, new { project.Title, project.Summary });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ChangedAsync(catalog, project.Track!.Code, ct));
    }

    private static async Task<Results<Ok<TrackDetail>, ValidationProblem, ProblemHttpResult>> ReorderProjectsAsync(
        string code, OrderRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var normalised = code.Trim().ToUpperInvariant();
        var track = await db.Tracks.Include(t => t.Projects).SingleOrDefaultAsync(t => t.Code == normalised, ct);
        if (track is null)
            return Problems.NotFound($"There is no track '{code}'.");
        if (Reorder(track.Projects, p => p.Id, (p, position) => p.Position = position, request.Ids) is { } invalid)
            return invalid;
        audit.Record(user.GetUserId(), "curriculum.projects_reordered", nameof(Track), track.Code, null, new { Order = request.Ids });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ChangedAsync(catalog, track.Code, ct));
    }

    private static async Task<Results<Created<TrackDetail>, ValidationProblem, ProblemHttpResult>> AddStepAsync(
        Guid id, StepRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var project = await db.Projects.Include(p => p.Track).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
            return Problems.NotFound($"There is no project {id}.");
        var errors = new FieldErrors();
        var step = new Step { ProjectId = id, Title = errors.Text("title", request.Title, 200), Instructions = errors.Text("instructions", request.Instructions, 8000, required: false) };
        if (errors.Any)
            return errors.ToResult();
        step.Position = (await db.Steps.Where(s => s.ProjectId == id).MaxAsync(s => (int?)s.Position, ct) ?? 0) + 1;
        db.Steps.Add(step);
        audit.Record(user.GetUserId(), "curriculum.step_added", nameof(Step), step.Id.ToString(), null, new { ProjectId = id, step.Title });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/tracks/{project.Track!.Code}", await ChangedAsync(catalog, project.Track.Code, ct));
    }

    private static async Task<Results<Ok<TrackDetail>, ValidationProblem, ProblemHttpResult>> UpdateStepAsync(
        Guid id, StepRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var step = await db.Steps.Include(s => s.Project!.Track).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (step is null)
            return Problems.NotFound($"There is no step {id}.");
        var before = new { step.Title, step.Instructions };
        var errors = new FieldErrors();
        step.Title = errors.Text("title", request.Title, 200);
        step.Instructions = errors.Text("instructions", request.Instructions, 8000, required: false);
        if (errors.Any)
            return errors.ToResult();
        audit.Record(user.GetUserId(), "curriculum.step_updated", nameof(Step), id.ToString(), before, new { step.Title, step.Instructions });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ChangedAsync(catalog, step.Project!.Track!.Code, ct));
    }

    private static async Task<Results<Ok<TrackDetail>, ProblemHttpResult>> DeleteStepAsync(
        Guid id, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var step = await db.Steps.Include(s => s.Project!.Track).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (step is null)
            return Problems.NotFound($"There is no step {id}.");
        db.Steps.Remove(step);
        audit.Record(user.GetUserId(), "curriculum.step_deleted", nameof(Step), id.ToString(), new { step.ProjectId, step.Title }, null);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ChangedAsync(catalog, step.Project!.Track!.Code, ct));
    }

    private static async Task<Results<Ok<TrackDetail>, ValidationProblem, ProblemHttpResult>> ReorderStepsAsync(
        Guid id, OrderRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var project = await db.Projects.Include(p => p.Track).Include(p => p.Steps).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
            return Problems.NotFound($"There is no project {id}.");
        if (Reorder(project.Steps, s => s.Id, (s, position) => s.Position = position, request.Ids) is { } invalid)
            return invalid;
        audit.Record(user.GetUserId(), "curriculum.steps_reordered", nameof(Project), id.ToString(), null, new { Order = request.Ids });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ChangedAsync(catalog, project.Track!.Code, ct));
    }

    private static async Task<Results<Created<TrackDetail>, ValidationProblem, ProblemHttpResult>> AddDeliverableAsync(
        Guid id, DeliverableRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var project = await db.Projects.Include(p => p.Track).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
            return Problems.NotFound($"There is no project {id}.");
        var errors = new FieldErrors();
        var deliverable = new Deliverable
        {
            ProjectId = id, Title = errors.Text("title", request.Title, 200),
            Instructions = errors.Text("instructions", request.Instructions, 8000, required: false),
        };
        if (request.Kind is { } kind && Enum.IsDefined(kind))
            deliverable.Kind = kind;
        else
            errors.Add("kind", "One of link, github, file, text.");
        if (errors.Any)
            return errors.ToResult();
        deliverable.Position = (await db.Deliverables.Where(d => d.ProjectId == id).MaxAsync(d => (int?)d.Position, ct) ?? 0) + 1;
        db.Deliverables.Add(deliverable);
        audit.Record(user.GetUserId(), "curriculum.deliverable_added", nameof(Deliverable), deliverable.Id.ToString(), null,
            new { ProjectId = id, deliverable.Title, Kind = deliverable.Kind.ToString() });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/tracks/{project.Track!.Code}", await ChangedAsync(catalog, project.Track.Code, ct));
    }

    private static async Task<Results<Ok<TrackDetail>, ValidationProblem, ProblemHttpResult>> UpdateDeliverableAsync(
        Guid id, DeliverableRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var deliverable = await db.Deliverables.Include(d => d.Project!.Track).SingleOrDefaultAsync(d => d.Id == id, ct);
        if (deliverable is null)
            return Problems.NotFound($"There is no deliverable {id}.");
        var before = new { deliverable.Title, deliverable.Instructions, Kind = deliverable.Kind.ToString() };
        var errors = new FieldErrors();
        deliverable.Title = errors.Text("title", request.Title, 200);
        deliverable.Instructions = errors.Text("instructions", request.Instructions, 8000, required: false);
        if (request.Kind is { } kind && kind != deliverable.Kind)
        {
            // Existing hand-ins were validated against the old kind; changing it would orphan them.
            if (!Enum.IsDefined(kind))
                errors.Add("kind", "One of link, github, file, text.");
            else if (await db.Submissions.AnyAsync(s => s.DeliverableId == id, ct))
                errors.Add("kind", "Students have already submitted this deliverable; its kind can no longer change.");
            else
                deliverable.Kind = kind;
        }
        if (errors.Any)
            return errors.ToResult();
        audit.Record(user.GetUserId(), "curriculum.deliverable_updated", nameof(Deliverable), id.ToString(), before,
            new { deliverable.Title, deliverable.Instructions, Kind = deliverable.Kind.ToString() });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ChangedAsync(catalog, deliverable.Project!.Track!.Code, ct));
    }

    private static async Task<Results<Ok<TrackDetail>, ProblemHttpResult>> DeleteDeliverableAsync(
        Guid id, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var deliverable = await db.Deliverables.Include(d => d.Project!.Track).SingleOrDefaultAsync(d => d.Id == id, ct);
        if (deliverable is null)
            return Problems.NotFound($"There is no deliverable {id}.");
        if (await db.Submissions.AnyAsync(s => s.DeliverableId == id, ct))
            return Problems.Conflict("Deliverable in use", "Students have submitted this deliverable; it cannot be deleted.");
        db.Deliverables.Remove(deliverable);
        audit.Record(user.GetUserId(), "curriculum.deliverable_deleted", nameof(Deliverable), id.ToString(), new { deliverable.ProjectId, deliverable.Title }, null);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ChangedAsync(catalog, deliverable.Project!.Track!.Code, ct));
    }

    private static async Task<Results<Ok<TrackDetail>, ValidationProblem, ProblemHttpResult>> ReorderDeliverablesAsync(
        Guid id, OrderRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var project = await db.Projects.Include(p => p.Track).Include(p => p.Deliverables).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
            return Problems.NotFound($"There is no project {id}.");
        if (Reorder(project.Deliverables, d => d.Id, (d, position) => d.Position = position, request.Ids) is { } invalid)
            return invalid;
        audit.Record(user.GetUserId(), "curriculum.deliverables_reordered", nameof(Project), id.ToString(), null, new { Order = request.Ids });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ChangedAsync(catalog, project.Track!.Code, ct));
    }

    /// <summary>Applies positions 1..n in the given order; the ids must be exactly the current items.</summary>
    private static ValidationProblem? Reorder<T>(IReadOnlyCollection<T> items, Func<T, Guid> id, Action<T, int> setPosition, IReadOnlyList<Guid>? order)
    {
        if (order is null || order.Count != items.Count || order.Distinct().Count() != order.Count || !items.All(i => order.Contains(id(i))))
            return Problems.Invalid("ids", "List every current item's id exactly once, in the new order.");
        var byId = items.ToDictionary(id);
        for (var i = 0; i < order.Count; i++)
            setPosition(byId[order[i]], i + 1);
        return null;
    }

    private static async Task<TrackDetail> ChangedAsync(TrackCatalog catalog, string code, CancellationToken ct)
    {
        await catalog.InvalidateAsync();
        return (await catalog.GetAsync(ct)).Find(code)!;
    }

    [GeneratedRegex("^[A-Z0-9]{2,16}$")]
    private static partial Regex TrackCode();

    [GeneratedRegex("^[a-z]{3}$")]
    private static partial Regex Currency();
}
