using System.Text.Json;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Auth;
using ApraNova.Api.Features.Receipts;
using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Account;

/// <summary>
/// Builds <see cref="AccountExport"/>. What is left out, and why, is said in its notice: staff's
/// internal notes on the person's tickets (staff-only by rule), secrets (password and token
/// hashes, authenticator values) and the bytes of uploaded files (downloadable one by one).
/// </summary>
public sealed class AccountExporter(ApraNovaDbContext db, TimeProvider clock)
{
    public const string Notice =
        "Everything ApraNova holds about you. Left out: staff's internal notes on your tickets, your password and session secrets " +
        "(only their hashes are stored), and the contents of your uploaded files (download them from the pages where you used them).";

    public async Task<AccountExport?> ExportAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
            return null;
        var email = user.Email ?? "";

        var roles = await db.UserRoles.AsNoTracking().Where(r => r.UserId == userId).Select(r => r.RoleId).ToListAsync(cancellationToken);
        var claims = await db.UserClaims.AsNoTracking().Where(c => c.UserId == userId)
            .Select(c => new ExportedIdentityRow("claim", c.ClaimType ?? "", c.ClaimType ?? "", c.ClaimValue)).ToListAsync(cancellationToken);
        var logins = await db.UserLogins.AsNoTracking().Where(l => l.UserId == userId)
            .Select(l => new ExportedIdentityRow("login", l.LoginProvider, l.ProviderDisplayName ?? l.LoginProvider, l.ProviderKey)).ToListAsync(cancellationToken);
        var tokens = await db.UserTokens.AsNoTracking().Where(t => t.UserId == userId)
            .Select(t => new ExportedIdentityRow("token", t.LoginProvider, t.Name, null)).ToListAsync(cancellationToken);
        var refreshTokens = await db.RefreshTokens.AsNoTracking().Where(t => t.UserId == userId).OrderBy(t => t.CreatedAt)
            .Select(t => new { t.Id, t.FamilyId, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.RevokedReason }).ToListAsync(cancellationToken);

        var enrollments = await db.Enrollments.AsNoTracking().Where(e => e.StudentId == userId).OrderBy(e => e.CreatedAt)
            .Select(e => new ExportedEnrollment(e.Id, e.Track!.Code, e.Status, e.TrainerId, e.Trainer == null ? null : e.Trainer.FullName,
                e.CreatedAt, e.EndedAt, e.EndReason)).ToListAsync(cancellationToken);
        var enrollmentIds = enrollments.Select(e => e.Id).ToList();
        var progress = await db.ProjectProgress.AsNoTracking().Where(p => enrollmentIds.Contains(p.EnrollmentId))
            .Select(p => new ExportedProjectProgress(p.EnrollmentId, p.ProjectId, p.Project!.Title, p.UnlockedAt, p.ApprovedAt)).ToListAsync(cancellationToken);
        var steps = await db.StepCompletions.AsNoTracking().Where(s => enrollmentIds.Contains(s.EnrollmentId))
            .Select(s => new ExportedStepCompletion(s.EnrollmentId, s.StepId, s.Step!.Title, s.CompletedAt)).ToListAsync(cancellationToken);
        var submissions = await db.Submissions.AsNoTracking().Where(s => s.StudentId == userId).OrderBy(s => s.CreatedAt)
            .Select(s => new ExportedSubmission(s.Id, s.EnrollmentId, s.Deliverable!.Title, s.Kind, s.Content, s.FileId, s.Status, s.Attempt,
                s.Feedback, s.SubmittedAt, s.ReviewedAt)).ToListAsync(cancellationToken);
        var files = await db.StoredFiles.AsNoTracking().Where(f => f.OwnerId == userId).OrderBy(f => f.CreatedAt)
            .Select(f => new ExportedFile(f.Id, f.OriginalName, f.ContentType, f.SizeBytes, f.Sha256, f.CreatedAt)).ToListAsync(cancellationToken);

        var payments = await db.Payments.AsNoTracking().Where(p => p.UserId == userId || (email != "" && p.Email == email)).OrderBy(p => p.CreatedAt)
            .Select(p => new ExportedPayment(p.Id, p.TrackCode, p.AmountCents, p.Currency, p.State, p.Email, p.CreatedAt, p.PaidAt, p.RefundedAt,
                p.StripeSessionId, p.StripePaymentIntentId)).ToListAsync(cancellationToken);
        var paymentIds = payments.Select(p => p.Id).ToList();
        var receipts = (await db.Receipts.AsNoTracking().Where(r => r.UserId == userId || paymentIds.Contains(r.PaymentId)).OrderBy(r => r.Sequence)
            .ToListAsync(cancellationToken))
            .Select(r => new ExportedReceipt(r.Id, r.Number, r.Kind, r.PaymentId, r.IssuedAt, r.TotalCents, r.TaxCents, r.Currency, r.BuyerName, r.BuyerEmail))
            .ToList();

        var tickets = await db.SupportTickets.AsNoTracking().Where(t => t.StudentId == userId).OrderBy(t => t.CreatedAt)
            .Select(t => new ExportedTicket(t.Id, t.Subject, t.Category, t.State, t.CreatedAt, t.UpdatedAt, t.ResolvedAt)).ToListAsync(cancellationToken);
        // Messages on the person's tickets except staff's internal notes, and anything they wrote themselves.
        var messages = await db.TicketMessages.AsNoTracking()
            .Where(m => (m.Ticket!.StudentId == userId && !m.IsInternal) || m.AuthorId == userId)
            .OrderBy(m => m.CreatedAt)
            .Select(m => new ExportedTicketMessage(m.Id, m.TicketId, m.AuthorId, m.Body, m.CreatedAt)).ToListAsync(cancellationToken);
        var messageIds = messages.Select(m => m.Id).ToList();
        var attachments = await db.TicketAttachments.AsNoTracking().Where(a => messageIds.Contains(a.MessageId))
            .Select(a => new ExportedTicketAttachment(a.MessageId, a.FileId)).ToListAsync(cancellationToken);

        // Entries the person made, and entries about them or about their enrollments, payments, tickets and submissions.
        var subjectIds = new[] { userId }.Concat(enrollmentIds).Concat(paymentIds).Concat(tickets.Select(t => t.Id)).Concat(submissions.Select(s => s.Id))
            .Select(id => id.ToString()).ToList();
        var audit = await db.AuditEntries.AsNoTracking()
            .Where(a => a.ActorId == userId || subjectIds.Contains(a.SubjectId))
            .OrderBy(a => a.OccurredAt).ToListAsync(cancellationToken);
        var emails = email == "" ? [] : await db.OutboxEmails.AsNoTracking().Where(m => m.To == email).OrderBy(m => m.CreatedAt)
            .Select(m => new ExportedEmail(m.Id, m.To, m.Subject, m.TextBody, m.CreatedAt, m.SentAt)).ToListAsync(cancellationToken);
        var memberships = await db.TrackTrainers.AsNoTracking().Where(t => t.TrainerId == userId)
            .Select(t => new ExportedTrackMembership(t.Track!.Code, t.AddedAt)).ToListAsync(cancellationToken);

        var submissionIds = submissions.Select(s => s.Id).ToList();
        var attempts = (await db.SubmissionAttempts.AsNoTracking().Where(a => submissionIds.Contains(a.SubmissionId)).OrderBy(a => a.SubmittedAt)
            .ToListAsync(cancellationToken))
            .Select(a => new ExportedSubmissionAttempt(a.Id, a.SubmissionId, a.Number, a.Content, a.FileId, a.SubmittedAt, a.Decision?.ToString(), a.Feedback, a.ReviewedAt))
            .ToList();
        // The threads on the person's submissions, and whatever they wrote on others'.
        var submissionMessages = await db.SubmissionMessages.AsNoTracking()
            .Where(m => submissionIds.Contains(m.SubmissionId) || m.AuthorId == userId).OrderBy(m => m.CreatedAt)
            .Select(m => new ExportedSubmissionMessage(m.Id, m.SubmissionId, m.AuthorId, m.Body, m.CreatedAt)).ToListAsync(cancellationToken);
        var notifications = (await db.Notifications.AsNoTracking().Where(n => n.UserId == userId).OrderBy(n => n.CreatedAt).ToListAsync(cancellationToken))
            .Select(n => new ExportedNotification(n.Id, n.Kind.ToString(), n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt)).ToList();
        var preferences = (await db.NotificationPreferences.AsNoTracking().Where(p => p.UserId == userId).ToListAsync(cancellationToken))
            .Select(p => new ExportedNotificationPreference(p.Kind.ToString(), p.Email, p.UpdatedAt)).ToList();
        var certificates = await db.Certificates.AsNoTracking().Where(c => c.StudentId == userId).OrderBy(c => c.IssuedAt)
            .Select(c => new ExportedCertificate(c.Id, c.StudentName, c.TrackCode, c.TrackName, c.IssuedAt, c.VerificationCode)).ToListAsync(cancellationToken);

        return new AccountExport(
            clock.GetUtcNow(), Notice,
            new ExportedUser(user.Id, email, user.FullName, user.CreatedAt, user.EmailConfirmed, user.PasswordHash is not null, user.PhoneNumber,
                user.LockoutEnd, user.AccessFailedCount),
            [.. roles.Select(UserRoleQueries.RoleName)], claims, logins, tokens,
            [.. refreshTokens.Select(t => new ExportedRefreshToken(t.Id, t.FamilyId, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.RevokedReason?.ToString()))],
            enrollments, progress, steps, submissions, files, payments, receipts, tickets, messages, attachments,
            [.. audit.Select(a => new ExportedAuditEntry(a.Id, a.OccurredAt, a.ActorId, a.Action, a.SubjectType, a.SubjectId, Parse(a.Before), Parse(a.After)))],
            emails, memberships, attempts, submissionMessages, notifications, preferences, certificates);
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
