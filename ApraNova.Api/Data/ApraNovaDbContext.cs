using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Auth;
using ApraNova.Api.Features.Certificates;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Files;
using ApraNova.Api.Features.Learning;
using ApraNova.Api.Features.Mail;
using ApraNova.Api.Features.Notifications;
using ApraNova.Api.Features.Payments;
using ApraNova.Api.Features.Receipts;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Support;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Data;

/// <summary>
/// The one database of the api. Every table is reached through a <c>DbSet</c> property below
/// (Identity's <c>Users</c>, <c>Roles</c> and <c>UserRoles</c> come from the base class); entity
/// configurations live next to their feature (<c>IEntityTypeConfiguration</c> classes) and are
/// picked up from the assembly.
/// </summary>
public sealed class ApraNovaDbContext(DbContextOptions<ApraNovaDbContext> options)
    : IdentityDbContext<ApplicationUser, IdentityRole<Guid>, Guid>(options)
{
    // Auth, Audit, Mail.
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();

    // Tracks (the curriculum and who trains it).
    public DbSet<Track> Tracks => Set<Track>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Step> Steps => Set<Step>();
    public DbSet<Deliverable> Deliverables => Set<Deliverable>();
    public DbSet<TrackTrainer> TrackTrainers => Set<TrackTrainer>();

    // Enrollments, Learning, Submissions, Files.
    public DbSet<Enrollment> Enrollments => Set<Enrollment>();
    public DbSet<ProjectProgress> ProjectProgress => Set<ProjectProgress>();
    public DbSet<StepCompletion> StepCompletions => Set<StepCompletion>();
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<StoredFile> StoredFiles => Set<StoredFile>();
    public DbSet<SubmissionAttempt> SubmissionAttempts => Set<SubmissionAttempt>();
    public DbSet<SubmissionMessage> SubmissionMessages => Set<SubmissionMessage>();

    // Notifications and certificates.
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();
    public DbSet<Certificate> Certificates => Set<Certificate>();

    // Payments.
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<ProcessedStripeEvent> ProcessedStripeEvents => Set<ProcessedStripeEvent>();
    public DbSet<Receipt> Receipts => Set<Receipt>();

    // Support.
    public DbSet<SupportTicket> SupportTickets => Set<SupportTicket>();
    public DbSet<TicketMessage> TicketMessages => Set<TicketMessage>();
    public DbSet<TicketAttachment> TicketAttachments => Set<TicketAttachment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ApraNovaDbContext).Assembly);
    }
}
