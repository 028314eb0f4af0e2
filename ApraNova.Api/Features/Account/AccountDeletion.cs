using ApraNova.Api.Data;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Files;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Account;

/// <summary>
/// Deletes a student's account: afterwards nothing in the database names or describes the person
/// except the audit log, which keeps its entries (who did what, when) as the record staff must keep.
/// <list type="bullet">
/// <item>The open enrollment is withdrawn; enrollment and progress rows stay, for the platform's
/// statistics, but point at an account that no longer says whose it was.</item>
/// <item>Submissions, uploaded files (rows and bytes), tickets with their messages and attachments,
/// sessions, and emails queued to the address are deleted.</item>
/// <item>Payments and receipts stay for the accounts (amounts, dates, numbers) without the
/// buyer's name or email.</item>
/// <item>The account row stays as an anonymous tombstone (<see cref="TombstoneDomain"/>) so that
/// the audit log and the ledger keep pointing somewhere; it can never log in again.</item>
/// </list>
/// </summary>
public sealed class AccountDeletion(
    ApraNovaDbContext db, EnrollmentService enrollments, IAuditLog audit, IFileStore files, AccessTokenRevocation accessTokens,
    TimeProvider clock, ILogger<AccountDeletion> logger)
{
    public const string TombstoneDomain = "deleted.invalid";
    public const string TombstoneName = "Deleted user";

    public static readonly IReadOnlyList<string> Consequences =
    [
        "You are logged out everywhere and cannot log in again; this cannot be undone.",
        "Your enrollment is withdrawn: your trainer and your projects are no longer available to you. No refund is made by deleting the account; ask support first if you expect one.",
        "Your submissions, uploaded files and support tickets are deleted.",
        "Your name and email are removed from everything else. Payments and receipts are kept for the accounts without them.",
        "The audit log keeps its entries (what was done, when) as the record we must keep.",
        "Export your data first if you want a copy.",
    ];

    public async Task DeleteAsync(Guid userId, CancellationToken cancellationToken)
    {
        var storedNames = new List<string>();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            storedNames.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
            var email = user.Email;

            if (await db.Enrollments.AnyAsync(e => e.StudentId == userId && Enrollment.OpenStatuses.Contains(e.Status), cancellationToken))
                await enrollments.WithdrawAsync(userId, userId, "Account deleted", cancellationToken);

            // Files: the person's own uploads, and whatever staff attached on their tickets (unless used elsewhere too).
            var ticketIds = await db.SupportTickets.Where(t => t.StudentId == userId).Select(t => t.Id).ToListAsync(cancellationToken);
            var ownFileIds = await db.StoredFiles.Where(f => f.OwnerId == userId).Select(f => f.Id).ToListAsync(cancellationToken);
            var fileIds = await db.TicketAttachments.Where(a => ticketIds.Contains(a.Message!.TicketId)).Select(a => a.FileId)
                .Union(db.StoredFiles.Where(f => f.OwnerId == userId).Select(f => f.Id))
                .ToListAsync(cancellationToken);
            // Their work and what was said about it (attempts and threads belong to the submissions),
            // what they wrote elsewhere, their notifications and certificates.
            await db.SubmissionMessages.Where(m => m.Submission!.StudentId == userId || m.AuthorId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.SubmissionAttempts.Where(a => a.Submission!.StudentId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.Submissions.Where(s => s.StudentId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.Notifications.Where(n => n.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.NotificationPreferences.Where(p => p.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.Certificates.Where(c => c.StudentId == userId).ExecuteDeleteAsync(cancellationToken);
            // Other people's notifications and emails about them (a trainer told of a submission)
            // stay, with the person's name and address replaced.
            foreach (var mark in new[] { user.FullName, email }.Where(m => m is { Length: >= 3 }).Select(m => m!))
            {
                await db.Notifications.Where(n => n.Title.Contains(mark) || n.Body.Contains(mark))
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(n => n.Title, n => n.Title.Replace(mark, TombstoneName))
                        .SetProperty(n => n.Body, n => n.Body.Replace(mark, TombstoneName)), cancellationToken);
                await db.OutboxEmails.Where(m => m.Subject.Contains(mark) || m.TextBody.Contains(mark) || (m.HtmlBody != null && m.HtmlBody.Contains(mark)))
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.Subject, m => m.Subject.Replace(mark, TombstoneName))
                        .SetProperty(m => m.TextBody, m => m.TextBody.Replace(mark, TombstoneName))
                        .SetProperty(m => m.HtmlBody, m => m.HtmlBody == null ? null : m.HtmlBody.Replace(mark, TombstoneName)), cancellationToken);
            }
            await db.TicketAttachments.Where(a => ticketIds.Contains(a.Message!.TicketId) || ownFileIds.Contains(a.FileId)).ExecuteDeleteAsync(cancellationToken);
            await db.SupportTickets.Where(t => t.StudentId == userId).ExecuteDeleteAsync(cancellationToken); // messages cascade
            var unused = db.StoredFiles.Where(f => fileIds.Contains(f.Id)
                && !db.TicketAttachments.Any(a => a.FileId == f.Id) && !db.Submissions.Any(s => s.FileId == f.Id));
            storedNames.AddRange(await unused.Select(f => f.StoredName).ToListAsync(cancellationToken));
            await unused.ExecuteDeleteAsync(cancellationToken);

            await db.Payments.Where(p => p.UserId == userId || (email != null && p.Email == email))
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Email, (string?)null), cancellationToken);
            await db.Receipts.Where(r => r.UserId == userId || db.Payments.Any(p => p.Id == r.PaymentId && p.UserId == userId))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.BuyerName, "").SetProperty(r => r.BuyerEmail, ""), cancellationToken);
            if (email is not null)
                await db.OutboxEmails.Where(m => m.To == email).ExecuteDeleteAsync(cancellationToken);
            await db.RefreshTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.UserClaims.Where(c => c.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.UserLogins.Where(l => l.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(cancellationToken);

            var tombstone = $"deleted-{userId:N}@{TombstoneDomain}";
            user.Email = user.UserName = tombstone;
            user.NormalizedEmail = user.NormalizedUserName = tombstone.ToUpperInvariant();
            user.FullName = TombstoneName;
            user.EmailConfirmed = false;
            user.PasswordHash = null;
            user.PhoneNumber = null;
            user.PhoneNumberConfirmed = false;
            user.TwoFactorEnabled = false;
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            user.LockoutEnabled = true;
            user.LockoutEnd = DateTimeOffset.MaxValue;
            user.AccessFailedCount = 0;
            audit.Record(userId, "user.deleted", "user", userId.ToString(), null, new { deletedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });

        // After the commit: the bytes (a rolled-back deletion must not lose files) and the tokens in flight.
        foreach (var name in storedNames)
        {
            try { files.Delete(name); }
            catch (IOException ex) { logger.LogWarning(ex, "Could not delete stored file {StoredName} of a deleted account", name); }
        }
        await accessTokens.RevokeIssuedBeforeNowAsync(userId);
    }

    public static bool IsTombstone(ApplicationUser user) => user.Email?.EndsWith("@" + TombstoneDomain, StringComparison.OrdinalIgnoreCase) == true;
}
