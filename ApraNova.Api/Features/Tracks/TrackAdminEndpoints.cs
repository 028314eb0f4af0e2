using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Tracks;

public sealed record CreateTrackRequest(
    [Required, RegularExpression("^[A-Za-z0-9]{2,16}$", ErrorMessage = "2 to 16 letters or digits, e.g. DP.")] string Code,
    [Required, StringLength(200)] string Name,
    [StringLength(4000)] string? Description,
    [Required, Range(typeof(long), "0", "100000000", ErrorMessage = "A price in cents between 0 and 100000000 is required.")] long? PriceCents,
    [RegularExpression("^[A-Za-z]{3}$", ErrorMessage = "A three-letter ISO currency code, e.g. usd.")] string? Currency,
    [StringLength(100)] string? Level = null,
    [StringLength(200)] string? Effort = null,
    [MaxLength(20)] IReadOnlyList<string>? Prerequisites = null);

public sealed record TrackRequest(
    [Required, StringLength(200)] string Name,
    [StringLength(4000)] string? Description,
    [Required, Range(typeof(long), "0", "100000000", ErrorMessage = "A price in cents between 0 and 100000000 is required.")] long? PriceCents,
    [RegularExpression("^[A-Za-z]{3}$", ErrorMessage = "A three-letter ISO currency code, e.g. usd.")] string? Currency,
    [StringLength(100)] string? Level = null,
    [StringLength(200)] string? Effort = null,
    [MaxLength(20)] IReadOnlyList<string>? Prerequisites = null);

public sealed record ProjectRequest(
    [Required, StringLength(200)] string Title,
    [StringLength(4000)] string? Summary);

public sealed record StepRequest(
    [Required, StringLength(200)] string Title,
    [StringLength(8000)] string? Instructions);

public sealed record DeliverableRequest(
    [Required, StringLength(200)] string Title,
    [StringLength(8000)] string? Instructions,
    [Required(ErrorMessage = "One of link, github, file, text."), EnumDataType(typeof(DeliverableKind), ErrorMessage = "One of link, github, file, text.")]
    DeliverableKind? Kind,
    [MaxLength(10)] IReadOnlyList<string>? AcceptedFileTypes = null,
    [MaxLength(20)] IReadOnlyList<string>? Rubric = null);

/// <summary>The file extensions a file deliverable may accept: the upload allow-list (".pdf", ".png", ...).</summary>
public sealed record UploadableFileTypes(IReadOnlyList<string> Extensions);

/// <summary>Every current item's id exactly once, in the new order.</summary>
public sealed record OrderRequest([Required] IReadOnlyList<Guid> Ids);

/// <summary>
/// Staff edit the curriculum (mapped under <c>/api/admin/tracks</c> by <see cref="TracksFeature"/>):
/// tracks (names, prices), their projects, steps and deliverables, and their order. Routes follow
/// the curriculum's shape (<c>/{code}/projects/{projectId}/steps/{stepId}</c>): an id that is not
/// inside the named track and project is a 404. Every change is audited and invalidates the cached
/// catalogue; every answer is the affected track as the public sees it after the change.
/// </summary>
internal static class TrackAdminEndpoints
{
    public static RouteGroupBuilder MapTrackAdminEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/file-types", () => TypedResults.Ok(new UploadableFileTypes(Files.FileTypes.Extensions)))
            .WithName("AdminListUploadableFileTypes")
            .WithSummary("The extensions a file deliverable can accept (the upload allow-list), for choosing a deliverable's accepted types.");
        group.MapPost("/", CreateTrackAsync).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("AdminCreateTrack").WithSummary("Creates a track.");
        group.MapPut("/{code}", UpdateTrackAsync).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("AdminUpdateTrack").WithSummary("Edits a track's name, description and price.");

        var projects = group.MapGroup("/{code}/projects").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        projects.MapPost("/", AddProjectAsync).WithName("AdminAddProject").WithSummary("Appends a project to a track.");
        projects.MapPut("/order", ReorderProjectsAsync).WithName("AdminReorderProjects").WithSummary("Sets the order of a track's projects.");
        projects.MapPut("/{projectId:guid}", UpdateProjectAsync).WithName("AdminUpdateProject").WithSummary("Edits a project.");

        var steps = projects.MapGroup("/{projectId:guid}/steps");
        steps.MapPost("/", AddStepAsync).WithName("AdminAddStep").WithSummary("Appends a step to a project.");
        steps.MapPut("/order", ReorderStepsAsync).WithName("AdminReorderSteps").WithSummary("Sets the order of a project's steps.");
        steps.MapPut("/{stepId:guid}", UpdateStepAsync).WithName("AdminUpdateStep").WithSummary("Edits a step.");
        steps.MapDelete("/{stepId:guid}", DeleteStepAsync).WithName("AdminDeleteStep").WithSummary("Deletes a step (and students' ticks of it).");

        var deliverables = projects.MapGroup("/{projectId:guid}/deliverables");
        deliverables.MapPost("/", AddDeliverableAsync).WithName("AdminAddDeliverable").WithSummary("Appends a deliverable to a project.");
        deliverables.MapPut("/order", ReorderDeliverablesAsync).WithName("AdminReorderDeliverables").WithSummary("Sets the order of a project's deliverables.");
        deliverables.MapPut("/{deliverableId:guid}", UpdateDeliverableAsync).WithName("AdminUpdateDeliverable").WithSummary("Edits a deliverable.");
        deliverables.MapDelete("/{deliverableId:guid}", DeleteDeliverableAsync)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("AdminDeleteDeliverable").WithSummary("Deletes a deliverable nobody has submitted yet.");
        return group;
    }

    private static async Task<Results<Created<TrackDetail>, ProblemHttpResult>> CreateTrackAsync(
        CreateTrackRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var code = TrackQueries.NormalizeCode(request.Code);
        if (await db.Tracks.AnyAsync(t => t.Code == code, ct))
            return TrackExists(code);
        var track = new Track { Code = code, Name = "" };
        Apply(track, request.Name, request.Description, request.PriceCents!.Value, request.Currency);
        ApplyDetails(track, request.Level, request.Effort, request.Prerequisites);
        db.Tracks.Add(track);
        audit.Record(user.GetUserId(), "curriculum.track_created", nameof(Track), code, null, new { track.Name, track.PriceCents, track.Currency });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return TrackExists(code);
        }
        return TypedResults.Created($"/api/tracks/{code}", await ChangedAsync(catalog, code, ct));
    }

    private static async Task<Results<Ok<TrackDetail>, ProblemHttpResult>> UpdateTrackAsync(
        string code, TrackRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var track = await db.Tracks.SingleOrDefaultAsync(t => t.Code == TrackQueries.NormalizeCode(code), ct);
        if (track is null)
            return TrackProblems.NoSuchTrack(code);
        var before = new { track.Name, track.Description, track.PriceCents, track.Currency };
        Apply(track, request.Name, request.Description, request.PriceCents!.Value, request.Currency);
        ApplyDetails(track, request.Level, request.Effort, request.Prerequisites);
        audit.Record(user.GetUserId(), "curriculum.track_updated", nameof(Track), track.Code, before,
            new { track.Name, track.Description, track.PriceCents, track.Currency });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ChangedAsync(catalog, track.Code, ct));
    }

    /// <summary>What the track page says about effort, level and prerequisites; a null leaves the value as it is.</summary>
    private static void ApplyDetails(Track track, string? level, string? effort, IReadOnlyList<string>? prerequisites)
    {
        if (level is not null) track.Level = level.Trim();
        if (effort is not null) track.Effort = effort.Trim();
        if (prerequisites is not null) track.Prerequisites = CleanList(prerequisites, 300);
    }

    /// <summary>Trimmed, non-empty entries of at most <paramref name="maxLength"/> characters (longer ones are cut, before a character).</summary>
    private static List<string> CleanList(IEnumerable<string?> items, int maxLength) =>
        [.. items.Select(i => i?.Trim() ?? "").Where(i => i.Length > 0).Select(i => StorableText.Truncate(i, maxLength))];

    /// <summary>Accepted types of a file deliverable: extensions of the upload allow-list (".png"); null when one is not.</summary>
    private static (List<string>? Types, string? Error) AcceptedTypes(DeliverableKind kind, IReadOnlyList<string>? requested)
    {
        if (requested is null || requested.Count == 0)
            return ([], null);
        if (kind != DeliverableKind.File)
            return (null, "Only file deliverables accept file types.");
        var types = new List<string>();
        foreach (var raw in requested)
        {
            var type = (raw ?? "").Trim().ToLowerInvariant();
            if (!type.StartsWith('.')) type = "." + type;
            if (!Files.FileTypes.Extensions.Contains(type))
                return (null, $"{raw} is not an uploadable type; choose among {string.Join(", ", Files.FileTypes.Extensions)}.");
            if (!types.Contains(type)) types.Add(type);
        }
        return (types, null);
    }

    private static void Apply(Track track, string name, string? description, long priceCents, string? currency)
    {
        track.Name = name.Trim();
        track.Description = description?.Trim() ?? "";
        track.PriceCents = priceCents;
        track.Currency = (currency ?? "usd").ToLowerInvariant();
        track.UpdatedAt = DateTimeOffset.UtcNow;
    }

    private static async Task<Results<Created<TrackDetail>, ProblemHttpResult>> AddProjectAsync(
        string code, ProjectRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var track = await db.Tracks.SingleOrDefaultAsync(t => t.Code == TrackQueries.NormalizeCode(code), ct);
        if (track is null)
            return TrackProblems.NoSuchTrack(code);
        var project = new Project
        {
            TrackId = track.Id, Title = request.Title.Trim(), Summary = request.Summary?.Trim() ?? "",
            Position = await NextPositionAsync(db.Projects.Where(p => p.TrackId == track.Id).Select(p => p.Position), ct),
        };
        db.Projects.Add(project);
        audit.Record(user.GetUserId(), "curriculum.project_added", nameof(Project), project.Id.ToString(), null, new { track.Code, project.Title, project.Position });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/tracks/{track.Code}", await ChangedAsync(catalog, track.Code, ct));
    }

    private static async Task<Results<Ok<TrackDetail>, ProblemHttpResult>> UpdateProjectAsync(
        string code, Guid projectId, ProjectRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var project = await FindProjectAsync(db.Projects, code, projectId, ct);
        if (project is null)
            return NoSuchProject(code, projectId);
        var before = new { project.Title, project.Summary };
        project.Title = request.Title.Trim();
        project.Summary = request.Summary?.Trim() ?? "";
        audit.Record(user.GetUserId(), "curriculum.project_updated", nameof(Project), projectId.ToString(), before, new { project.Title, project.Summary });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ChangedAsync(catalog, project.Track!.Code, ct));
    }

    private static async Task<Results<Ok<TrackDetail>, ValidationProblem, ProblemHttpResult>> ReorderProjectsAsync(
        string code, OrderRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var track = await db.Tracks.Include(t => t.Projects).SingleOrDefaultAsync(t => t.Code == TrackQueries.NormalizeCode(code), ct);
        if (track is null)
            return TrackProblems.NoSuchTrack(code);
        if (Reorder(track.Projects, request.Ids) is { } invalid)
            return invalid;
        audit.Record(user.GetUserId(), "curriculum.projects_reordered", nameof(Track), track.Code, null, new { Order = request.Ids });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ChangedAsync(catalog, track.Code, ct));
    }

    private static async Task<Results<Created<TrackDetail>, ProblemHttpResult>> AddStepAsync(
        string code, Guid projectId, StepRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var project = await FindProjectAsync(db.Projects, code, projectId, ct);
        if (project is null)
            return NoSuchProject(code, projectId);
        var step = new Step
        {
            ProjectId = projectId, Title = request.Title.Trim(), Instructions = request.Instructions?.Trim() ?? "",
            Position = await NextPositionAsync(db.Steps.Where(s => s.ProjectId == projectId).Select(s => s.Position), ct),
        };
        db.Steps.Add(step);
        audit.Record(user.GetUserId(), "curriculum.step_added", nameof(Step), step.Id.ToString(), null, new { ProjectId = projectId, step.Title });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/tracks/{project.Track!.Code}", await ChangedAsync(catalog, project.Track.Code, ct));
    }

    private static async Task<Results<Ok<TrackDetail>, ProblemHttpResult>> UpdateStepAsync(
        string code, Guid projectId, Guid stepId, StepRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var step = await FindStepAsync(db, code, projectId, stepId, ct);
        if (step is null)
            return NoSuchStep(stepId);
        var before = new { step.Title, step.Instructions };
        step.Title = request.Title.Trim();
        step.Instructions = request.Instructions?.Trim() ?? "";
        audit.Record(user.GetUserId(), "curriculum.step_updated", nameof(Step), stepId.ToString(), before, new { step.Title, step.Instructions });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ChangedAsync(catalog, step.Project!.Track!.Code, ct));
    }

    private static async Task<Results<Ok<TrackDetail>, ProblemHttpResult>> DeleteStepAsync(
        string code, Guid projectId, Guid stepId, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var step = await FindStepAsync(db, code, projectId, stepId, ct);
        if (step is null)
            return NoSuchStep(stepId);
        db.Steps.Remove(step);
        audit.Record(user.GetUserId(), "curriculum.step_deleted", nameof(Step), stepId.ToString(), new { step.ProjectId, step.Title }, null);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ChangedAsync(catalog, step.Project!.Track!.Code, ct));
    }

    private static Task<Results<Ok<TrackDetail>, ValidationProblem, ProblemHttpResult>> ReorderStepsAsync(
        string code, Guid projectId, OrderRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct) =>
        ReorderProjectItemsAsync(db, db.Projects.Include(p => p.Steps), p => p.Steps, "curriculum.steps_reordered", code, projectId, request, catalog, audit, user, ct);

    private static async Task<Results<Created<TrackDetail>, ValidationProblem, ProblemHttpResult>> AddDeliverableAsync(
        string code, Guid projectId, DeliverableRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var project = await FindProjectAsync(db.Projects, code, projectId, ct);
        if (project is null)
            return NoSuchProject(code, projectId);
        var (accepted, invalidTypes) = AcceptedTypes(request.Kind!.Value, request.AcceptedFileTypes);
        if (invalidTypes is not null)
            return Problems.Invalid("acceptedFileTypes", invalidTypes);
        var deliverable = new Deliverable
        {
            ProjectId = projectId, Title = request.Title.Trim(), Instructions = request.Instructions?.Trim() ?? "", Kind = request.Kind!.Value,
            AcceptedFileTypes = accepted!, Rubric = CleanList(request.Rubric ?? [], 300),
            Position = await NextPositionAsync(db.Deliverables.Where(d => d.ProjectId == projectId).Select(d => d.Position), ct),
        };
        db.Deliverables.Add(deliverable);
        audit.Record(user.GetUserId(), "curriculum.deliverable_added", nameof(Deliverable), deliverable.Id.ToString(), null,
            new { ProjectId = projectId, deliverable.Title, Kind = deliverable.Kind.ToString() });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/tracks/{project.Track!.Code}", await ChangedAsync(catalog, project.Track.Code, ct));
    }

    private static async Task<Results<Ok<TrackDetail>, ValidationProblem, ProblemHttpResult>> UpdateDeliverableAsync(
        string code, Guid projectId, Guid deliverableId, DeliverableRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var deliverable = await FindDeliverableAsync(db, code, projectId, deliverableId, ct);
        if (deliverable is null)
            return NoSuchDeliverable(deliverableId);
        // Existing hand-ins were validated against the old kind; changing it would orphan them.
        if (request.Kind != deliverable.Kind && await db.Submissions.AnyAsync(s => s.DeliverableId == deliverableId, ct))
            return Problems.Invalid("kind", "Students have already submitted this deliverable; its kind can no longer change.");
        var (accepted, invalidTypes) = AcceptedTypes(request.Kind!.Value, request.AcceptedFileTypes ?? (request.Kind == DeliverableKind.File ? deliverable.AcceptedFileTypes : null));
        if (invalidTypes is not null)
            return Problems.Invalid("acceptedFileTypes", invalidTypes);
        var before = new { deliverable.Title, deliverable.Instructions, Kind = deliverable.Kind.ToString() };
        deliverable.Title = request.Title.Trim();
        deliverable.Instructions = request.Instructions?.Trim() ?? "";
        deliverable.Kind = request.Kind!.Value;
        deliverable.AcceptedFileTypes = accepted!;
        if (request.Rubric is not null)
            deliverable.Rubric = CleanList(request.Rubric, 300);
        audit.Record(user.GetUserId(), "curriculum.deliverable_updated", nameof(Deliverable), deliverableId.ToString(), before,
            new { deliverable.Title, deliverable.Instructions, Kind = deliverable.Kind.ToString() });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ChangedAsync(catalog, deliverable.Project!.Track!.Code, ct));
    }

    private static async Task<Results<Ok<TrackDetail>, ProblemHttpResult>> DeleteDeliverableAsync(
        string code, Guid projectId, Guid deliverableId, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var deliverable = await FindDeliverableAsync(db, code, projectId, deliverableId, ct);
        if (deliverable is null)
            return NoSuchDeliverable(deliverableId);
        if (await db.Submissions.AnyAsync(s => s.DeliverableId == deliverableId, ct))
            return Problems.Conflict("Deliverable in use", "Students have submitted this deliverable; it cannot be deleted.");
        db.Deliverables.Remove(deliverable);
        audit.Record(user.GetUserId(), "curriculum.deliverable_deleted", nameof(Deliverable), deliverableId.ToString(),
            new { deliverable.ProjectId, deliverable.Title }, null);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ChangedAsync(catalog, deliverable.Project!.Track!.Code, ct));
    }

    private static Task<Results<Ok<TrackDetail>, ValidationProblem, ProblemHttpResult>> ReorderDeliverablesAsync(
        string code, Guid projectId, OrderRequest request, ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct) =>
        ReorderProjectItemsAsync(db, db.Projects.Include(p => p.Deliverables), p => p.Deliverables, "curriculum.deliverables_reordered", code, projectId, request, catalog, audit, user, ct);

    /// <summary>Sets the order of a project's steps or deliverables (<paramref name="items"/>, loaded by <paramref name="projects"/>).</summary>
    private static async Task<Results<Ok<TrackDetail>, ValidationProblem, ProblemHttpResult>> ReorderProjectItemsAsync(
        ApraNovaDbContext db, IQueryable<Project> projects, Func<Project, IReadOnlyCollection<ICurriculumItem>> items, string action,
        string code, Guid projectId, OrderRequest request, TrackCatalog catalog, IAuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var project = await FindProjectAsync(projects, code, projectId, ct);
        if (project is null)
            return NoSuchProject(code, projectId);
        if (Reorder(items(project), request.Ids) is { } invalid)
            return invalid;
        audit.Record(user.GetUserId(), action, nameof(Project), projectId.ToString(), null, new { Order = request.Ids });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ChangedAsync(catalog, project.Track!.Code, ct));
    }

    /// <summary>The project, with its track, when it belongs to the track named in the route.</summary>
    private static Task<Project?> FindProjectAsync(IQueryable<Project> projects, string code, Guid projectId, CancellationToken ct)
    {
        var normalised = TrackQueries.NormalizeCode(code);
        return projects.Include(p => p.Track).SingleOrDefaultAsync(p => p.Id == projectId && p.Track!.Code == normalised, ct);
    }

    private static Task<Step?> FindStepAsync(ApraNovaDbContext db, string code, Guid projectId, Guid stepId, CancellationToken ct)
    {
        var normalised = TrackQueries.NormalizeCode(code);
        return db.Steps.Include(s => s.Project!.Track)
            .SingleOrDefaultAsync(s => s.Id == stepId && s.ProjectId == projectId && s.Project!.Track!.Code == normalised, ct);
    }

    private static Task<Deliverable?> FindDeliverableAsync(ApraNovaDbContext db, string code, Guid projectId, Guid deliverableId, CancellationToken ct)
    {
        var normalised = TrackQueries.NormalizeCode(code);
        return db.Deliverables.Include(d => d.Project!.Track)
            .SingleOrDefaultAsync(d => d.Id == deliverableId && d.ProjectId == projectId && d.Project!.Track!.Code == normalised, ct);
    }

    /// <summary>New items go last: one after the highest position in use (1 for the first).</summary>
    private static async Task<int> NextPositionAsync(IQueryable<int> positions, CancellationToken ct) =>
        (await positions.MaxAsync(position => (int?)position, ct) ?? 0) + 1;

    /// <summary>Applies positions 1..n in the given order; the ids must be exactly the current items.</summary>
    private static ValidationProblem? Reorder(IReadOnlyCollection<ICurriculumItem> items, IReadOnlyList<Guid> order)
    {
        if (order.Count != items.Count || order.Distinct().Count() != order.Count || !items.All(i => order.Contains(i.Id)))
            return Problems.Invalid("ids", "List every current item's id exactly once, in the new order.");
        var byId = items.ToDictionary(i => i.Id);
        for (var i = 0; i < order.Count; i++)
            byId[order[i]].Position = i + 1;
        return null;
    }

    private static async Task<TrackDetail> ChangedAsync(TrackCatalog catalog, string code, CancellationToken ct)
    {
        await catalog.InvalidateAsync();
        return (await catalog.GetAsync(ct)).Find(code)!;
    }

    private static ProblemHttpResult TrackExists(string code) => Problems.Conflict("Track exists", $"There is already a track '{code}'.");

    private static ProblemHttpResult NoSuchProject(string code, Guid projectId) =>
        Problems.NotFound($"There is no project {projectId} in track '{code}'.");

    private static ProblemHttpResult NoSuchStep(Guid stepId) => Problems.NotFound($"There is no step {stepId} in that project.");

    private static ProblemHttpResult NoSuchDeliverable(Guid deliverableId) => Problems.NotFound($"There is no deliverable {deliverableId} in that project.");
}
