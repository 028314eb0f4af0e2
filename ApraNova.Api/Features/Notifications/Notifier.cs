using ApraNova.Api.Data;
using ApraNova.Api.Features.Mail;
using ApraNova.Api.Infrastructure;
using ApraNova.Api.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Notifications;

/// <summary>Tells a user something (in-app, and by email unless they opted out of the kind): one call per fact.</summary>
public interface INotifier
{
    /// <summary>
    /// Records the notification and queues its email in the caller's transaction when one is open
    /// (so it commits or rolls back with the change it reports), otherwise in a transaction of its own.
    /// </summary>
    /// <returns>False when this recipient was already told about <see cref="Notice.DedupeKey"/>.</returns>
    Task<bool> NotifyAsync(Notice notice, CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="INotifier"/> over the transactional outbox: the <c>notifications</c> row and the
/// <c>outbox_emails</c> row are written together, each with its own INSERT (nothing else pending in
/// the caller's DbContext is saved). <see cref="OutboxDeliveryService"/> relays the email; its
/// <c>FOR UPDATE SKIP LOCKED</c> claim makes each email go out once however many api tasks run.
/// </summary>
public sealed class Notifier(ApraNovaDbContext db, IEmailSender email, IOptions<AppOptions> app, TimeProvider clock) : INotifier
{
    public async Task<bool> NotifyAsync(Notice notice, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
            return await WriteAsync(notice, cancellationToken);

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var written = await WriteAsync(notice, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return written;
        });
    }

    private async Task<bool> WriteAsync(Notice notice, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var kind = notice.Kind.ToString();
        var title = Truncate(notice.Title, 300);
        // The in-app entry carries the quoted words too (the feedback is what the student needs).
        var body = Truncate(notice.Quote is { Length: > 0 } quote ? $"{notice.Body}\n\n{quote}" : notice.Body, 4000);
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO notifications (id, user_id, kind, title, body, link, dedupe_key, created_at)
            VALUES ({id}, {notice.RecipientId}, {kind}, {title}, {body}, {notice.Link}, {notice.DedupeKey}, {clock.GetUtcNow()})
            ON CONFLICT (user_id, dedupe_key) DO NOTHING
            """, cancellationToken);
        if (inserted == 0)
            return false;

        var recipient = await db.Users.AsNoTracking().Where(u => u.Id == notice.RecipientId)
            .Select(u => new
            {
                u.Email,
                u.FullName,
                Wants = db.NotificationPreferences.Where(p => p.UserId == notice.RecipientId && p.Kind == notice.Kind)
                    .Select(p => (bool?)p.Email).FirstOrDefault() ?? true,
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (recipient is { Wants: true, Email: { Length: > 0 } address })
            await email.SendAsync(EmailLayout.Render(address, Compose(notice, recipient.FullName)), cancellationToken);
        return true;
    }

    private EmailContent Compose(Notice notice, string? fullName)
    {
        var web = app.Value.PublicUrl.TrimEnd('/');
        return new EmailContent(
            Subject: notice.Title,
            Greeting: string.IsNullOrWhiteSpace(fullName) ? "Hello," : $"Hello {fullName.Trim()},",
            Paragraphs: [notice.Body],
            ActionLabel: notice.ActionLabel ?? "Open ApraNova",
            ActionUrl: web + (notice.Link ?? "/notifications"),
            Quote: notice.Quote,
            QuoteLabel: notice.QuoteLabel,
            Footer: $"You get this email because of your ApraNova notification settings: {web}/notifications#settings");
    }

    // Never inside a character: half of a surrogate pair could not be stored.
    private static string Truncate(string value, int length) => value.Length <= length ? value : StorableText.Truncate(value, length - 1) + "…";
}
