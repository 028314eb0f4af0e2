using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.Security;
using ApraNova.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Tracks;

public sealed record TrackTrainerRequest([NotEmpty] Guid TrainerId);

public sealed record TrackTrainerView(Guid TrainerId, string FullName, string Email, int Students, int Capacity);

/// <summary>
/// Which trainers take a track's new students (mapped under <c>/api/admin/tracks/{code}/trainers</c>
/// by <see cref="TracksFeature"/>); <see cref="EnrollmentService"/> assigns among them.
/// </summary>
internal static class TrackTrainerAdminEndpoints
{
    public static RouteGroupBuilder MapTrackTrainerAdminEndpoints(this RouteGroupBuilder group)
    {
        var trainers = group.MapGroup("/{code}/trainers").ProducesProblem(StatusCodes.Status404NotFound);

        trainers.MapGet("/", ListTrainersAsync)
            .WithName("AdminListTrackTrainers")
            .WithSummary("The trainers of a track with their current number of students.");

        trainers.MapPost("/", AddTrainerAsync)
            .ProducesValidationProblem()
            .WithName("AdminAddTrackTrainer")
            .WithSummary("Makes a trainer available for a track's student assignment. Idempotent.");

        trainers.MapDelete("/{trainerId:guid}", RemoveTrainerAsync)
            .WithName("AdminRemoveTrackTrainer")
            .WithSummary("Stops assigning new students of the track to the trainer (current students stay with them).");

        return group;
    }

    private static async Task<Results<Ok<List<TrackTrainerView>>, ProblemHttpResult>> ListTrainersAsync(
        string code, ApraNovaDbContext db, CancellationToken cancellationToken)
    {
        var trackId = await db.FindTrackIdAsync(code, cancellationToken);
        if (trackId is null)
            return TrackProblems.NoSuchTrack(code);
        return TypedResults.Ok(await db.TrackTrainers.AsNoTracking()
            .Where(t => t.TrackId == trackId)
            .OrderBy(t => t.AddedAt)
            .Select(t => new TrackTrainerView(t.TrainerId, t.Trainer!.FullName, t.Trainer.Email ?? "",
                db.Enrollments.Count(e => e.TrackId == t.TrackId && e.TrainerId == t.TrainerId && Enrollment.OpenStatuses.Contains(e.Status)),
                EnrollmentService.MaxStudentsPerTrainer))
            .ToListAsync(cancellationToken));
    }

    private static async Task<Results<Created, Ok, ValidationProblem, ProblemHttpResult>> AddTrainerAsync(
        string code, TrackTrainerRequest request, ClaimsPrincipal user, ApraNovaDbContext db, IAuditLog audit, CancellationToken cancellationToken)
    {
        var trackId = await db.FindTrackIdAsync(code, cancellationToken);
        if (trackId is null)
            return TrackProblems.NoSuchTrack(code);
        if (!await db.HasRoleAsync(request.TrainerId, Roles.Trainer, cancellationToken))
            return Problems.Invalid("trainerId", "The user does not exist or is not a trainer.");
        if (await db.TrackTrainers.AnyAsync(t => t.TrackId == trackId && t.TrainerId == request.TrainerId, cancellationToken))
            return TypedResults.Ok();

        var normalised = TrackQueries.NormalizeCode(code);
        db.TrackTrainers.Add(new TrackTrainer { TrackId = trackId.Value, TrainerId = request.TrainerId });
        audit.Record(user.GetUserId(), "track.trainer_added", nameof(Track), normalised, null, new { request.TrainerId });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return TypedResults.Ok(); // added concurrently: the same end state
        }
        return TypedResults.Created($"/api/admin/tracks/{normalised}/trainers");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveTrainerAsync(
        string code, Guid trainerId, ClaimsPrincipal user, ApraNovaDbContext db, IAuditLog audit, CancellationToken cancellationToken)
    {
        var trackId = await db.FindTrackIdAsync(code, cancellationToken);
        var link = trackId is null ? null : await db.TrackTrainers.SingleOrDefaultAsync(t => t.TrackId == trackId && t.TrainerId == trainerId, cancellationToken);
        if (link is null)
            return Problems.NotFound("That trainer does not train this track.");
        db.TrackTrainers.Remove(link);
        audit.Record(user.GetUserId(), "track.trainer_removed", nameof(Track), TrackQueries.NormalizeCode(code), new { TrainerId = trainerId }, null);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
