using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Support;

/// <summary>
/// A student's request for help: a subject, a category and a thread of <see cref="TicketMessage"/>s.
/// The timestamps are the desk's measurements: <see cref="FirstResponseAt"/> (first public answer
/// by someone other than the student) and <see cref="ResolvedAt"/> give the first-response and
/// resolution times the staff overview reports. Internal notes never move any of them, so nothing
/// a student can see betrays that a note exists.
/// </summary>
public sealed class SupportTicket
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>The student who opened the ticket; it is about them and visible to them.</summary>
    public Guid StudentId { get; set; }
    public ApplicationUser? Student { get; set; }
    public required string Subject { get; set; }
    public TicketCategory Category { get; set; }
    public TicketState State { get; set; } = TicketState.Open;
    /// <summary>The staff member (admin or superadmin) who owns the ticket; null while it is in the shared queue.</summary>
    public Guid? AssigneeId { get; set; }
    public ApplicationUser? Assignee { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The last public change (a reply, resolve, reopen): the queue's "age" and "last activity".</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FirstResponseAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public DateTimeOffset? ReopenedAt { get; set; }
    public int ReopenCount { get; set; }

    /// <summary>PostgreSQL's xmin: two state changes racing on one ticket cannot both win.</summary>
    public uint Version { get; set; }

    public const int MaxSubjectLength = 200;
}

/// <summary>open (waiting for support) → answered (waiting for the student) → … → resolved (→ open again by a reopen).</summary>
public enum TicketState
{
    Open,
    Answered,
    Resolved,
}

public enum TicketCategory
{
    Learning,
    Technical,
    Billing,
    Account,
    Other,
}

internal sealed class SupportTicketConfiguration : IEntityTypeConfiguration<SupportTicket>
{
    public void Configure(EntityTypeBuilder<SupportTicket> ticket)
    {
        ticket.ToTable("support_tickets");
        ticket.Property(t => t.Subject).HasMaxLength(SupportTicket.MaxSubjectLength);
        ticket.Property(t => t.Category).HasConversion<string>().HasMaxLength(16);
        ticket.Property(t => t.State).HasConversion<string>().HasMaxLength(16);
        ticket.Property(t => t.Version).IsRowVersion();
        // The staff queue filters by state and assignee and sorts by age.
        ticket.HasIndex(t => new { t.State, t.CreatedAt });
        ticket.HasIndex(t => new { t.AssigneeId, t.State });
        ticket.HasIndex(t => t.StudentId);
        ticket.HasOne(t => t.Student).WithMany().HasForeignKey(t => t.StudentId).OnDelete(DeleteBehavior.Restrict);
        ticket.HasOne(t => t.Assignee).WithMany().HasForeignKey(t => t.AssigneeId).OnDelete(DeleteBehavior.SetNull);
    }
}
