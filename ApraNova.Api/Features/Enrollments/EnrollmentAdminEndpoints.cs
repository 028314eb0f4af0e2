using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.Security;
using ApraNova.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Enrollments;

public sealed record EnrollmentAdminView(Guid Id, Guid StudentId, string StudentName, string StudentEmail, string TrackCode,
    EnrollmentStatus Status, Guid? TrainerId, string? TrainerName, DateTimeOffset CreatedAt, DateTimeOffset? EndedAt, string? EndReason);

public sealed record EnrollStudentRequest([NotEmpty] Guid StudentId, [Required, StringLength(16)] string TrackCode);

public sealed record WithdrawRequest([StringLength(500)] string? Reason);

public sealed record AssignTrainerRequest([NotEmpty] Guid TrainerId);

/// <summary>
/// Staff tools for enrollments (mapped under <c>/api/admin/enrollments</c> by
/// <see cref="EnrollmentsFeature"/>): the list, the unassigned list, manual enroll/withdraw and
/// trainer assignment. The rules themselves are <see cref="EnrollmentService"/>'s.
/// </summary>
internal static class EnrollmentAdminEndpoints
{
    public static RouteGroupBuilder MapEnrollmentAdminEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync)
            .ProducesValidationProblem()
            .WithName("AdminListEnrollments")
            .WithSummary("Enrollments, newest first; filter by status, track and unassigned (open enrollments without a trainer).");

        group.MapGet("/unassigned", async (ApraNovaDbContext db, CancellationToken ct) =>
                TypedResults.Ok(await ReadAsync(new PageRequest(PageSize: PageRequest.MaxPageSize), db, status: null, trackCode: null, unassigned: true, ct)))
            .WithName("AdminListUnassigned")
            .WithSummary("Open enrollments waiting for a trainer (every trainer of their track was full), the first 100.");

        group.MapPost("/", EnrollAsync)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("AdminEnrollStudent")
            .WithSummary("Enrolls a student in a track by hand (assigns a trainer, unlocks project 1). Idempotent.");

        group.MapPost("/{id:guid}/withdraw", WithdrawAsync)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("AdminWithdrawEnrollment")
            .WithSummary("Withdraws an open enrollment; the student loses access to the learning endpoints.");

        group.MapPut("/{id:guid}/trainer", AssignTrainerAsync)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("AdminAssignTrainer")
            .WithSummary("Assigns a trainer of the track to an open enrollment (at most 20 students per trainer per track).");

        return group;
    }

    /// <summary>Status names as the api writes them (camelCase), e.g. <c>?status=active</c>.</summary>
    private static readonly string[] StatusNames = [.. Enum.GetNames<EnrollmentStatus>().Select(JsonNamingPolicy.CamelCase.ConvertName)];

    private static async Task<Results<Ok<Paged<EnrollmentAdminView>>, ValidationProblem>> ListAsync([AsParameters] PageRequest paging,
        ApraNovaDbContext db, string? status, string? trackCode, bool? unassigned, CancellationToken cancellationToken)
    {
        EnrollmentStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            // By name only, in any case: the api writes "active"; "1" or "99" are not statuses.
            if (!StatusNames.Contains(status.Trim(), StringComparer.OrdinalIgnoreCase))
                return Problems.Invalid("status", $"Use one of: {string.Join(", ", StatusNames)}.");
            wanted = Enum.Parse<EnrollmentStatus>(status.Trim(), ignoreCase: true);
        }
        return TypedResults.Ok(await ReadAsync(paging, db, wanted, trackCode, unassigned, cancellationToken));
    }

    private static Task<Paged<EnrollmentAdminView>> ReadAsync(PageRequest paging, ApraNovaDbContext db,
        EnrollmentStatus? status, string? trackCode, bool? unassigned, CancellationToken cancellationToken)
    {
        var query = db.Enrollments.AsNoTracking();
        if (status is { } s)
            query = query.Where(e => e.Status == s);
        if (!string.IsNullOrWhiteSpace(trackCode))
        {
            var code = TrackQueries.NormalizeCode(trackCode);
            query = query.Where(e => e.Track!.Code == code);
        }
        if (unassigned == true)
            query = query.Where(e => e.TrainerId == null && Enrollment.OpenStatuses.Contains(e.Status));

        return paging.ReadAsync(Views(query.OrderByDescending(e => e.CreatedAt).ThenBy(e => e.Id)), cancellationToken);
    }

    private static async Task<Results<Created<EnrollmentAdminView>, Ok<EnrollmentAdminView>, ValidationProblem, ProblemHttpResult>> EnrollAsync(
        EnrollStudentRequest request, ClaimsPrincipal user, ApraNovaDbContext db, EnrollmentService enrollments, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == request.StudentId, cancellationToken))
            return Problems.NotFound($"There is no user {request.StudentId}.");
        if (!await db.HasRoleAsync(request.StudentId, Roles.Student, cancellationToken))
            return Problems.Invalid("studentId", "Only students can be enrolled; this user has another role.");

        var code = TrackQueries.NormalizeCode(request.TrackCode);
        var existed = await db.Enrollments.AnyAsync(e => e.StudentId == request.StudentId && e.Status == EnrollmentStatus.Active
            && e.Track!.Code == code, cancellationToken);
        try
        {
            var enrollment = await enrollments.EnrollAsync(request.StudentId, request.TrackCode, user.GetUserId(), cancellationToken);
            var view = await ViewAsync(db, enrollment.Id, cancellationToken);
            return existed ? TypedResults.Ok(view) : TypedResults.Created($"/api/admin/enrollments/{view.Id}", view);
        }
        catch (EnrollmentException ex)
        {
            return ToProblem(ex);
        }
    }

    private static async Task<Results<Ok<EnrollmentAdminView>, ProblemHttpResult>> WithdrawAsync(
        Guid id, WithdrawRequest? request, ClaimsPrincipal user, ApraNovaDbContext db, EnrollmentService enrollments, CancellationToken cancellationToken)
    {
        var enrollment = await db.Enrollments.AsNoTracking().Where(e => e.Id == id).Select(e => new { e.StudentId, e.Status }).SingleOrDefaultAsync(cancellationToken);
        if (enrollment is null)
            return Problems.NotFound($"There is no enrollment {id}.");
        if (!Enrollment.OpenStatuses.Contains(enrollment.Status))
            return Problems.Conflict("Enrollment not open", $"The enrollment is already {enrollment.Status}.");

        var reason = request?.Reason?.Trim() is { Length: > 0 } given ? given : "Withdrawn by staff";
        await enrollments.WithdrawAsync(enrollment.StudentId, user.GetUserId(), reason, cancellationToken);
        return TypedResults.Ok(await ViewAsync(db, id, cancellationToken));
    }

    private static async Task<Results<Ok<EnrollmentAdminView>, ProblemHttpResult>> AssignTrainerAsync(
        Guid id, AssignTrainerRequest request, ClaimsPrincipal user, ApraNovaDbContext db, EnrollmentService enrollments, CancellationToken cancellationToken)
    {
        try
        {
            await enrollments.AssignTrainerAsync(id, request.TrainerId, user.GetUserId(), cancellationToken);
            return TypedResults.Ok(await ViewAsync(db, id, cancellationToken));
        }
        catch (EnrollmentException ex)
        {
            return ToProblem(ex);
        }
    }

    private static Task<EnrollmentAdminView> ViewAsync(ApraNovaDbContext db, Guid id, CancellationToken cancellationToken) =>
        Views(db.Enrollments.AsNoTracking().Where(e => e.Id == id)).SingleAsync(cancellationToken);

    private static IQueryable<EnrollmentAdminView> Views(IQueryable<Enrollment> enrollments) =>
        enrollments.Select(e => new EnrollmentAdminView(e.Id, e.StudentId, e.Student!.FullName, e.Student.Email ?? "", e.Track!.Code,
            e.Status, e.TrainerId, e.Trainer == null ? null : e.Trainer.FullName, e.CreatedAt, e.EndedAt, e.EndReason));

    private static ProblemHttpResult ToProblem(EnrollmentException ex) => ex.Error switch
    {
        EnrollmentError.TrackNotFound or EnrollmentError.StudentNotFound or EnrollmentError.EnrollmentNotFound => Problems.NotFound(ex.Message),
        EnrollmentError.EnrolledElsewhere => Problems.Conflict("Enrolled in another track", ex.Message),
        EnrollmentError.NotAStudent => Problems.Conflict("Not a student", ex.Message),
        EnrollmentError.TrainerFull => Problems.Conflict("Trainer is full", ex.Message),
        EnrollmentError.TrainerNotInTrack => Problems.Conflict("Trainer not in track", ex.Message),
        _ => Problems.Conflict("Enrollment not open", ex.Message),
    };
}
