using ApraNova.Api.Data;
using ApraNova.Api.Features.Auth;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Payments;
using ApraNova.Api.Features.Receipts;
using ApraNova.Api.Features.Support;
using ApraNova.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Users;

public sealed record UserEnrollmentRow(Guid Id, string TrackCode, string TrackName, EnrollmentStatus Status, Guid? TrainerId, string? TrainerName,
    DateTimeOffset CreatedAt, DateTimeOffset? EndedAt, string? EndReason);

public sealed record UserPaymentRow(Guid Id, string TrackCode, long AmountCents, string Currency, PaymentState State, DateTimeOffset CreatedAt,
    DateTimeOffset? PaidAt, DateTimeOffset? RefundRequestedAt, DateTimeOffset? RefundedAt, IReadOnlyList<ReceiptView> Receipts);

public sealed record UserTicketRow(Guid Id, string Subject, TicketState State, DateTimeOffset CreatedAt);

/// <summary>
/// Everything staff need about one account on one page. <see cref="LastLogInAt"/> is when the
/// latest session started (a log-in starts a refresh-token family), <see cref="LastActiveAt"/>
/// the latest token refresh; <see cref="LiveSessions"/> counts sessions not yet ended.
/// <see cref="TrainerTracks"/> are the tracks whose new students the user takes (trainers).
/// </summary>
public sealed record UserDetailView(
    AdminUserDto User, bool EmailConfirmed, int FailedLogIns, DateTimeOffset? LastLogInAt, DateTimeOffset? LastActiveAt, int LiveSessions,
    IReadOnlyList<UserEnrollmentRow> Enrollments, IReadOnlyList<UserPaymentRow> Payments, IReadOnlyList<string> TrainerTracks,
    int OpenStudents, IReadOnlyList<UserTicketRow> Tickets);

/// <summary>The staff user page's read model (mapped under <c>/api/admin/users</c> by <see cref="UsersFeature"/>).</summary>
internal static class UserDetailEndpoints
{
    public const int MaxRows = 100;

    public static RouteGroupBuilder MapUserDetailEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}/details", GetDetailsAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetUserDetails")
            .WithSummary("One user with role, lock state, last log-in, sessions, enrollments, payments, trainer tracks and tickets.");
        return group;
    }

    private static async Task<Results<Ok<UserDetailView>, ProblemHttpResult>> GetDetailsAsync(
        Guid id, ApraNovaDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
            return Problems.NotFound($"There is no user {id}.");
        var now = clock.GetUtcNow();
        var role = await db.GetRoleAsync(id, cancellationToken) ?? Roles.Student;

        var tokens = db.Set<RefreshToken>().AsNoTracking().Where(t => t.UserId == id);
        var lastLogIn = await tokens.GroupBy(t => t.FamilyId).Select(g => (DateTimeOffset?)g.Min(t => t.CreatedAt)).MaxAsync(cancellationToken);
        var lastActive = await tokens.MaxAsync(t => (DateTimeOffset?)t.CreatedAt, cancellationToken);
        var liveSessions = await tokens.Where(t => t.RevokedAt == null && t.ExpiresAt > now).Select(t => t.FamilyId).Distinct().CountAsync(cancellationToken);

        var enrollments = await db.Enrollments.AsNoTracking().Where(e => e.StudentId == id)
            .OrderByDescending(e => e.CreatedAt).Take(MaxRows)
            .Select(e => new UserEnrollmentRow(e.Id, e.Track!.Code, e.Track.Name, e.Status, e.TrainerId, e.Trainer == null ? null : e.Trainer.FullName,
                e.CreatedAt, e.EndedAt, e.EndReason))
            .ToListAsync(cancellationToken);
        var email = user.Email;
        var paymentRows = await db.Payments.AsNoTracking().Where(p => p.UserId == id || (email != null && p.Email == email))
            .OrderByDescending(p => p.CreatedAt).Take(MaxRows)
            .Select(p => new
            {
                p.Id, p.TrackCode, p.AmountCents, p.Currency, p.State, p.CreatedAt, p.PaidAt, p.RefundRequestedAt, p.RefundedAt,
                Receipts = db.Receipts.Where(r => r.PaymentId == p.Id).OrderBy(r => r.Sequence)
                    .Select(r => new { r.Id, r.Kind, r.IssuedAt, r.Sequence, r.TotalCents, r.TaxCents, r.Currency }).ToList(),
            })
            .ToListAsync(cancellationToken);
        var payments = paymentRows.Select(p => new UserPaymentRow(p.Id, p.TrackCode, p.AmountCents, p.Currency, p.State, p.CreatedAt, p.PaidAt,
            p.RefundRequestedAt, p.RefundedAt,
            [.. p.Receipts.Select(r => new ReceiptView(r.Id, Receipt.FormatNumber(r.Kind, r.IssuedAt, r.Sequence), r.Kind, r.IssuedAt, r.TotalCents, r.TaxCents, r.Currency))]))
            .ToList();
        var trainerTracks = await db.TrackTrainers.AsNoTracking().Where(t => t.TrainerId == id).OrderBy(t => t.Track!.Code)
            .Select(t => t.Track!.Code).ToListAsync(cancellationToken);
        var openStudents = await db.Enrollments.CountAsync(e => e.TrainerId == id && Enrollment.OpenStatuses.Contains(e.Status), cancellationToken);
        var tickets = await db.SupportTickets.AsNoTracking().Where(t => t.StudentId == id)
            .OrderByDescending(t => t.CreatedAt).Take(MaxRows)
            .Select(t => new UserTicketRow(t.Id, t.Subject, t.State, t.CreatedAt)).ToListAsync(cancellationToken);

        var dto = new AdminUserDto(user.Id, user.Email ?? "", user.FullName, role, user.CreatedAt, user.LockoutEnd > now ? user.LockoutEnd : null);
        return TypedResults.Ok(new UserDetailView(dto, user.EmailConfirmed, user.AccessFailedCount, lastLogIn, lastActive, liveSessions,
            enrollments, payments, trainerTracks, openStudents, tickets));
    }
}
