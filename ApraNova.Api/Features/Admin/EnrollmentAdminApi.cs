using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Accounts;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Curriculum;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Admin;

public sealed record EnrollmentAdminView(Guid Id, Guid StudentId, string StudentName, string StudentEmail, string TrackCode,
    EnrollmentStatus Status, Guid? TrainerId, string? TrainerName, DateTimeOffset CreatedAt, DateTimeOffset? EndedAt, string? EndReason);

public sealed record EnrollmentPage(IReadOnlyList<EnrollmentAdminView> Items, int Page, int PageSize, int Total);

public sealed record EnrollStudentRequest(Guid StudentId, string? TrackCode);

public sealed record WithdrawRequest(string? Reason);

public sealed record AssignTrainerRequest(Guid TrainerId);

public sealed record TrackTrainerRequest(Guid TrainerId);

public sealed record TrackTrainerView(Guid TrainerId, string FullName, string Email, int Students, int Capacity);

/// <summary>Staff tools for enrollments: manual enroll/withdraw, the unassigned list, trainers of each track.</summary>
public static class EnrollmentAdminApi
{
    public static RouteGroupBuilder MapEnrollmentAdminApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/admin").WithTags("Admin: enrollments")
            .RequireAuthorization(AuthorizationPolicies.Staff);

        group.MapGet("/enrollments", ListAsync)
            .WithName("AdminListEnrollments")
            .WithSummary("Enrollments, newest first; filter by status, track and unassigned (open enrollments without a trainer).");

        group.MapGet("/enrollments/unassigned", (ApraNovaDbContext db, CancellationToken ct) =>
                ListAsync(db, status: null, trackCode: null, unassigned: true, page: 1, pageSize: 100, ct))
            .WithName("AdminListUnassigned")
            .WithSummary("Open enrollments waiting for a trainer (every trainer of their track was full).");

        group.MapPost("/enrollments", EnrollAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("AdminEnrollStudent")
            .WithSummary("Enrolls a student in a track by hand (assigns a trainer, unlocks project 1). Idempotent.");

        group.MapPost("/enrollments/{id:guid}/withdraw", WithdrawAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("AdminWithdrawEnrollment")
            .WithSummary("Withdraws an open enrollment; the student loses access to the learning endpoints.");

        group.MapPut("/enrollments/{id:guid}/trainer", AssignTrainerAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("AdminAssignTrainer")
            .WithSummary("Assigns a trainer of the track to an open enrollment (at most 20 students per trainer per track).");

        group.MapGet("/tracks/{code}/trainers", ListTrainersAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("AdminListTrackTrainers")
            .WithSummary("The trainers of a track with their current number of students.");

        group.MapPost("/tracks/{code}/trainers", AddTrainerAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("AdminAddTrackTrainer")
            .WithSummary("Makes a trainer available for a track's student assignment. Idempotent.");

        group.MapDelete("/tracks/{code}/trainers/{trainerId:guid}", RemoveTrainerAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("AdminRemoveTrackTrainer")
            .WithSummary("Stops assigning new students of the track to the trainer (current students stay with them).");

        return group;
    }

    private static async Task<Ok<EnrollmentPage>> ListAsync(ApraNovaDbContext db, EnrollmentStatus? status, string? trackCode, bool? unassigned,
        int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var query = db.Enrollments.AsNoTracking();
        if (status is { } s)
            query = query.Where(e => e.Status == s);
        if (!string.IsNullOrWhiteSpace(trackCode))
        {
            var code = trackCode.Trim().ToUpperInvariant();
            query = query.Where(e => e.Track!.Code == code);
        }
        if (unassigned == true)
            query = query.Where(e => e.TrainerId == null && Enrollment.OpenStatuses.Contains(e.Status));

        var size = Math.Clamp(pageSize ?? 50, 1, 200);
        var number = Math.Max(page ?? 1, 1);
        var total = await query.CountAsync(cancellationToken);
        var items = await Views(query.OrderByDescending(e => e.CreatedAt).ThenBy(e => e.Id).Skip((number - 1) * size).Take(size))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new EnrollmentPage(items, number, size, total));
    }

    private static async Task<Results<Created<EnrollmentAdminView>, Ok<EnrollmentAdminView>, ValidationProblem, ProblemHttpResult>> EnrollAsync(
        EnrollStudentRequest request, ClaimsPrincipal user, ApraNovaDbContext db, EnrollmentService enrollments, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (request.StudentId == Guid.Empty)
            errors.Add("studentId", "The student id is required.");
        errors.Text("trackCode", request.TrackCode, 16);
        if (errors.Any)
            return errors.ToResult();
        if (!await db.Users.AnyAsync(u => u.Id == request.StudentId, cancellationToken))
            return Problems.NotFound($"There is no user {request.StudentId}.");
        if (!await db.HasRoleAsync(request.StudentId, Roles.Student, cancellationToken))
            return Problems.Invalid("studentId", "Only students can be enrolled; this user has another role.");

        var existed = await db.Enrollments.AnyAsync(e => e.StudentId == request.StudentId && e.Status == EnrollmentStatus.Active
            && e.Track!.Code == request.TrackCode!.Trim().ToUpperInvariant(), cancellationToken);
        try
        {
            var enrollment = await enrollments.EnrollAsync(request.StudentId, request.TrackCode!, user.GetUserId(), cancellationToken);
            var view = await Views(db.Enrollments.AsNoTracking().Where(e => e.Id == enrollment.Id)).SingleAsync(cancellationToken);
            return existed ? TypedResults.Ok(view) : TypedResults.Created($"/api/admin/enrollments/{view.Id}", view);
        }
        catch (EnrollmentException ex)
        {
            return ToProblem(ex);
        }
    }

    private static async Task<Results<Ok<EnrollmentAdminView>, ValidationProblem, ProblemHttpResult>> WithdrawAsync(
        Guid id, WithdrawRequest? request, ClaimsPrincipal user, ApraNovaDbContext db, EnrollmentService enrollments, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var reason = errors.Text("reason", request?.Reason, 500, required: false);
        if (errors.Any)
            return errors.ToResult();
        var enrollment = await db.Enrollments.AsNoTracking().Where(e => e.Id == id).Select(e => new { e.StudentId, e.Status }).SingleOrDefaultAsync(cancellationToken);
        if (enrollment is null)
            return Problems.NotFound($"There is no enrollment {id}.");
        if (!Enrollment.OpenStatuses.Contains(enrollment.Status))
            return Problems.Conflict("Enrollment not open", $"The enrollment is already {enrollment.Status}.");

        await enrollments.WithdrawAsync(enrollment.StudentId, user.GetUserId(), reason.Length > 0 ? reason : "Withdrawn by staff", cancellationToken);
        return TypedResults.Ok(await Views(db.Enrollments.AsNoTracking().Where(e => e.Id == id)).SingleAsync(cancellationToken));
    }

    private static async Task<Results<Ok<EnrollmentAdminView>, ValidationProblem, ProblemHttpResult>> AssignTrainerAsync(
        Guid id, AssignTrainerRequest request, ClaimsPrincipal user, ApraNovaDbContext db, EnrollmentService enrollments, CancellationToken cancellationToken)
    {
        if (request.TrainerId == Guid.Empty)
            return Problems.Invalid("trainerId", "The trainer id is required.");
        try
        {
            await enrollments.AssignTrainerAsync(id, request.TrainerId, user.GetUserId(), cancellationToken);
            return TypedResults.Ok(await Views(db.Enrollments.AsNoTracking().Where(e => e.Id == id)).SingleAsync(cancellationToken));
        }
        catch (EnrollmentException ex)
        {
            return ToProblem(ex);
        }
    }

    private static async Task<Results<Ok<List<TrackTrainerView>>, ProblemHttpResult>> ListTrainersAsync(
        string code, ApraNovaDbContext db, CancellationToken cancellationToken)
    {
        var trackId = await db.FindTrackIdAsync(code, cancellationToken);
        if (trackId is null)
            return Problems.NotFound($"There is no track '{code}'.");
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
            return Problems.NotFound($"There is no track '{code}'.");
        if (request.TrainerId == Guid.Empty || !await db.HasRoleAsync(request.TrainerId, Roles.Trainer, cancellationToken))
            return Problems.Invalid("trainerId", "The user does not exist or is not a trainer.");
        if (await db.TrackTrainers.AnyAsync(t => t.TrackId == trackId && t.TrainerId == request.TrainerId, cancellationToken))
            return TypedResults.Ok();

        db.TrackTrainers.Add(new TrackTrainer { TrackId = trackId.Value, TrainerId = request.TrainerId });
        audit.Record(user.GetUserId(), "track.trainer_added", nameof(Track), code.ToUpperInvariant(), null, new { request.TrainerId });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return TypedResults.Ok(); // added concurrently: the same end state
        }
        return TypedResults.Created($"/api/admin/tracks/{code.ToUpperInvariant()}/trainers");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveTrainerAsync(
        string code, Guid trainerId, ClaimsPrincipal user, ApraNovaDbContext db, IAuditLog audit, CancellationToken cancellationToken)
    {
        var trackId = await db.FindTrackIdAsync(code, cancellationToken);
        var link = trackId is null ? null : await db.TrackTrainers.SingleOrDefaultAsync(t => t.TrackId == trackId && t.TrainerId == trainerId, cancellationToken);
        if (link is null)
            return Problems.NotFound("That trainer does not train this track.");
        db.TrackTrainers.Remove(link);
        audit.Record(user.GetUserId(), "track.trainer_removed", nameof(Track), code.ToUpperInvariant(), new { TrainerId = trainerId }, null);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static IQueryable<EnrollmentAdminView> Views(IQueryable<Enrollment> enrollments) =>
        enrollments.Select(e => new EnrollmentAdminView(e.Id, e.StudentId, e.Student!.FullName, e.Student.Email ?? "", e.Track!.Code,
            e.Status, e.TrainerId, e.Trainer == null ? null : e.Trainer.FullName, e.CreatedAt, e.EndedAt, e.EndReason));

    private static ProblemHttpResult ToProblem(EnrollmentException ex) => ex.Error switch
    {
        EnrollmentError.TrackNotFound or EnrollmentError.StudentNotFound or EnrollmentError.EnrollmentNotFound => Problems.NotFound(ex.Message),
        EnrollmentError.EnrolledElsewhere => Problems.Conflict("Enrolled in another track", ex.Message),
        EnrollmentError.TrainerFull => Problems.Conflict("Trainer is full", ex.Message),
        EnrollmentError.TrainerNotInTrack => Problems.Conflict("Trainer not in track", ex.Message),
        _ => Problems.Conflict("Enrollment not open", ex.Message),
    };
}

internal static class AdminQueries
{
    public static Task<Guid?> FindTrackIdAsync(this ApraNovaDbContext db, string code, CancellationToken cancellationToken)
    {
        var normalised = code.Trim().ToUpperInvariant();
        return db.Tracks.Where(t => t.Code == normalised).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(cancellationToken);
    }

    public static Task<bool> HasRoleAsync(this ApraNovaDbContext db, Guid userId, string role, CancellationToken cancellationToken) =>
        db.UsersInRole(role).AnyAsync(u => u.Id == userId, cancellationToken);
}
