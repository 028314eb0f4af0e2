using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Notifications;

public sealed record NotificationView(Guid Id, NotificationKind Kind, string Title, string Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>What the navigation's badges show: unread notifications, and for reviewers the submissions waiting for them.</summary>
public sealed record NotificationSummary(int Unread, int? AwaitingReview);

public sealed record NotificationPreferenceView(NotificationKind Kind, string Label, bool Email);

public sealed record NotificationPreferenceChange(
    [Required(ErrorMessage = "Name the kind."), EnumDataType(typeof(NotificationKind), ErrorMessage = "Not a notification kind.")] NotificationKind? Kind,
    [Required(ErrorMessage = "Say whether to send emails of this kind.")] bool? Email);

public sealed record NotificationPreferencesRequest([Required, MaxLength(20)] IReadOnlyList<NotificationPreferenceChange> Preferences);

/// <summary>The caller's own notifications and settings (mapped under <c>/api/notifications</c> by <see cref="NotificationsFeature"/>).</summary>
internal static class NotificationEndpoints
{
    private static readonly (NotificationKind Kind, string Label, bool ForStudents, bool ForReviewers)[] Kinds =
    [
        (NotificationKind.RevisionRequested, "My trainer asks for a revision", true, false),
        (NotificationKind.DeliverableApproved, "A deliverable of mine is approved", true, false),
        (NotificationKind.ProjectUnlocked, "My next project unlocks", true, false),
        (NotificationKind.TrackCompleted, "I complete my track", true, false),
        (NotificationKind.SubmissionReceived, "A student hands in work for review", false, true),
        (NotificationKind.MessageReceived, "A new message on a submission", true, true),
        (NotificationKind.SupportTicketUpdated, "Support requests: a reply or change on a ticket of mine", true, true),
    ];

    public static RouteGroupBuilder MapNotificationEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync)
            .ProducesValidationProblem()
            .WithName("ListNotifications")
            .WithSummary("The caller's notifications, newest first (paged).");

        group.MapGet("/summary", SummaryAsync)
            .WithName("GetNotificationSummary")
            .WithSummary("Unread notifications and, for trainers and staff, the submissions awaiting review.");

        group.MapPost("/{id:guid}/read", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, ApraNovaDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                var userId = user.GetUserId();
                var now = clock.GetUtcNow();
                var found = await db.Notifications.Where(n => n.Id == id && n.UserId == userId)
                    .ExecuteUpdateAsync(n => n.SetProperty(x => x.ReadAt, x => x.ReadAt ?? now), ct);
                return found == 0 ? Problems.NotFound("There is no such notification.") : TypedResults.NoContent();
            })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("MarkNotificationRead")
            .WithSummary("Marks one of the caller's notifications as read (idempotent).");

        group.MapPost("/read-all", async (ClaimsPrincipal user, ApraNovaDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                var userId = user.GetUserId();
                var now = clock.GetUtcNow();
                await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
                    .ExecuteUpdateAsync(n => n.SetProperty(x => x.ReadAt, now), ct);
                return TypedResults.NoContent();
            })
            .WithName("MarkAllNotificationsRead")
            .WithSummary("Marks every notification of the caller as read.");

        group.MapGet("/preferences", async (ClaimsPrincipal user, ApraNovaDbContext db, CancellationToken ct) =>
                TypedResults.Ok(await PreferencesAsync(user, db, ct)))
            .WithName("GetNotificationPreferences")
            .WithSummary("Which kinds of notification the caller also gets by email (the kinds that concern their role).");

        group.MapPut("/preferences", UpdatePreferencesAsync)
            .ProducesValidationProblem()
            .WithName("UpdateNotificationPreferences")
            .WithSummary("Switches emails of some kinds on or off; the in-app list keeps every notification.");

        return group;
    }

    private static async Task<Ok<Paged<NotificationView>>> ListAsync(
        [AsParameters] PageRequest paging, ClaimsPrincipal user, ApraNovaDbContext db, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        var page = await paging.ReadAsync(db.Notifications.AsNoTracking().Where(n => n.UserId == userId)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Select(n => new NotificationView(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt)), cancellationToken);
        return TypedResults.Ok(page);
    }

    private static async Task<Ok<NotificationSummary>> SummaryAsync(ClaimsPrincipal user, ApraNovaDbContext db, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        var unread = await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, cancellationToken);
        int? awaiting = null;
        if (IsReviewer(user))
        {
            // The same rows as the review queue (Trainers): awaiting review, enrollment active, the caller's students (staff: all).
            awaiting = await db.Submissions.AsNoTracking().VisibleToReviewer(user)
                .CountAsync(s => (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Resubmitted)
                    && s.Enrollment!.Status == EnrollmentStatus.Active, cancellationToken);
        }
        return TypedResults.Ok(new NotificationSummary(unread, awaiting));
    }

    private static async Task<Results<Ok<List<NotificationPreferenceView>>, ValidationProblem>> UpdatePreferencesAsync(
        NotificationPreferencesRequest request, ClaimsPrincipal user, ApraNovaDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var allowed = KindsFor(user).Select(k => k.Kind).ToHashSet();
        var changes = request.Preferences.Where(p => p.Kind is not null && p.Email is not null).ToList();
        if (changes.FirstOrDefault(p => !allowed.Contains(p.Kind!.Value)) is { } foreign)
            return Problems.Invalid("preferences", $"{foreign.Kind} notifications do not concern your account.");

        var userId = user.GetUserId();
        var now = clock.GetUtcNow();
        foreach (var change in changes.DistinctBy(p => p.Kind))
        {
            var kind = change.Kind!.Value.ToString();
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO notification_preferences (user_id, kind, email, updated_at) VALUES ({userId}, {kind}, {change.Email!.Value}, {now})
                ON CONFLICT (user_id, kind) DO UPDATE SET email = excluded.email, updated_at = excluded.updated_at
                """, cancellationToken);
        }
        return TypedResults.Ok(await PreferencesAsync(user, db, cancellationToken));
    }

    private static async Task<List<NotificationPreferenceView>> PreferencesAsync(ClaimsPrincipal user, ApraNovaDbContext db, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        var stored = await db.NotificationPreferences.AsNoTracking().Where(p => p.UserId == userId)
            .ToDictionaryAsync(p => p.Kind, p => p.Email, cancellationToken);
        return [.. KindsFor(user).Select(k => new NotificationPreferenceView(k.Kind, k.Label, stored.GetValueOrDefault(k.Kind, true)))];
    }

    private static bool IsReviewer(ClaimsPrincipal user) => user.IsInRole(Roles.Trainer) || user.IsStaff();

    private static IEnumerable<(NotificationKind Kind, string Label, bool ForStudents, bool ForReviewers)> KindsFor(ClaimsPrincipal user) =>
        Kinds.Where(k => IsReviewer(user) ? k.ForReviewers : k.ForStudents);
}
