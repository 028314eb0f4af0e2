using System.Text.Json;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Payments;
using ApraNova.Api.Features.Receipts;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Support;
using ApraNova.Api.Features.Tracks;

namespace ApraNova.Api.Features.Account;

// "Export my data": one section per database table that holds data about the person, named after
// the table (camelCase of its name: table "ticket_messages" → "ticketMessages"). A test derives the
// list of such tables from the database schema itself and fails when a section is missing, so a new
// table about people cannot be forgotten here.

public sealed record ExportedUser(Guid Id, string Email, string FullName, DateTimeOffset CreatedAt, bool EmailConfirmed, bool HasPassword,
    string? PhoneNumber, DateTimeOffset? LockoutEnd, int AccessFailedCount);

public sealed record ExportedIdentityRow(string Kind, string Provider, string Name, string? Value);

/// <summary>A session (refresh-token) record; the token itself is never stored, and its hash is left out.</summary>
public sealed record ExportedRefreshToken(Guid Id, Guid FamilyId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, string? RevokedReason);

public sealed record ExportedEnrollment(Guid Id, string TrackCode, EnrollmentStatus Status, Guid? TrainerId, string? TrainerName,
    DateTimeOffset CreatedAt, DateTimeOffset? EndedAt, string? EndReason);

public sealed record ExportedProjectProgress(Guid EnrollmentId, Guid ProjectId, string ProjectTitle, DateTimeOffset UnlockedAt, DateTimeOffset? ApprovedAt);

public sealed record ExportedStepCompletion(Guid EnrollmentId, Guid StepId, string StepTitle, DateTimeOffset CompletedAt);

public sealed record ExportedSubmission(Guid Id, Guid EnrollmentId, string DeliverableTitle, DeliverableKind Kind, string? Content, Guid? FileId,
    SubmissionStatus Status, int Attempt, string? Feedback, DateTimeOffset SubmittedAt, DateTimeOffset? ReviewedAt);

public sealed record ExportedFile(Guid Id, string Name, string ContentType, long SizeBytes, string Sha256, DateTimeOffset CreatedAt);

public sealed record ExportedPayment(Guid Id, string TrackCode, long AmountCents, string Currency, PaymentState State, string? Email,
    DateTimeOffset CreatedAt, DateTimeOffset? PaidAt, DateTimeOffset? RefundedAt, string StripeSessionId, string? StripePaymentIntentId);

public sealed record ExportedReceipt(Guid Id, string Number, ReceiptKind Kind, Guid PaymentId, DateTimeOffset IssuedAt, long TotalCents,
    long TaxCents, string Currency, string BuyerName, string BuyerEmail);

public sealed record ExportedTicket(Guid Id, string Subject, TicketCategory Category, TicketState State, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, DateTimeOffset? ResolvedAt);

public sealed record ExportedTicketMessage(Guid Id, Guid TicketId, Guid? AuthorId, string Body, DateTimeOffset CreatedAt);

public sealed record ExportedTicketAttachment(Guid MessageId, Guid FileId);

public sealed record ExportedAuditEntry(Guid Id, DateTimeOffset OccurredAt, Guid? ActorId, string Action, string SubjectType, string SubjectId,
    JsonElement? Before, JsonElement? After);

public sealed record ExportedEmail(Guid Id, string To, string Subject, string TextBody, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

public sealed record ExportedTrackMembership(string TrackCode, DateTimeOffset AddedAt);
public sealed record ExportedSubmissionAttempt(Guid Id, Guid SubmissionId, int Number, string? Content, Guid? FileId, DateTimeOffset SubmittedAt,
    string? Decision, string? Feedback, DateTimeOffset? ReviewedAt);
public sealed record ExportedSubmissionMessage(Guid Id, Guid SubmissionId, Guid AuthorId, string Body, DateTimeOffset CreatedAt);
public sealed record ExportedNotification(Guid Id, string Kind, string Title, string Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);
public sealed record ExportedNotificationPreference(string Kind, bool Email, DateTimeOffset UpdatedAt);
public sealed record ExportedCertificate(Guid Id, string StudentName, string TrackCode, string TrackName, DateTimeOffset IssuedAt, string VerificationCode);

/// <summary>Everything the platform holds about the caller, as of <see cref="ExportedAt"/>.</summary>
public sealed record AccountExport(
    DateTimeOffset ExportedAt,
    string Notice,
    ExportedUser Users,
    IReadOnlyList<string> UserRoles,
    IReadOnlyList<ExportedIdentityRow> UserClaims,
    IReadOnlyList<ExportedIdentityRow> UserLogins,
    IReadOnlyList<ExportedIdentityRow> UserTokens,
    IReadOnlyList<ExportedRefreshToken> RefreshTokens,
    IReadOnlyList<ExportedEnrollment> Enrollments,
    IReadOnlyList<ExportedProjectProgress> ProjectProgress,
    IReadOnlyList<ExportedStepCompletion> StepCompletions,
    IReadOnlyList<ExportedSubmission> Submissions,
    IReadOnlyList<ExportedFile> StoredFiles,
    IReadOnlyList<ExportedPayment> Payments,
    IReadOnlyList<ExportedReceipt> Receipts,
    IReadOnlyList<ExportedTicket> SupportTickets,
    IReadOnlyList<ExportedTicketMessage> TicketMessages,
    IReadOnlyList<ExportedTicketAttachment> TicketAttachments,
    IReadOnlyList<ExportedAuditEntry> AuditEntries,
    IReadOnlyList<ExportedEmail> OutboxEmails,
    IReadOnlyList<ExportedTrackMembership> TrackTrainers,
    IReadOnlyList<ExportedSubmissionAttempt> SubmissionAttempts,
    IReadOnlyList<ExportedSubmissionMessage> SubmissionMessages,
    IReadOnlyList<ExportedNotification> Notifications,
    IReadOnlyList<ExportedNotificationPreference> NotificationPreferences,
    IReadOnlyList<ExportedCertificate> Certificates);
