using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Support;

/// <summary>
/// One entry of a ticket's thread: the opening message, a reply, or an internal note
/// (<see cref="IsInternal"/>): notes are written and read by staff only and are never returned to
/// the student by any endpoint (<see cref="TicketAccess"/> is the one place that filters them).
/// </summary>
public sealed class TicketMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TicketId { get; set; }
    public SupportTicket? Ticket { get; set; }
    /// <summary>Null once the author's account is gone.</summary>
    public Guid? AuthorId { get; set; }
    public ApplicationUser? Author { get; set; }
    public required string Body { get; set; }
    public bool IsInternal { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<TicketAttachment> Attachments { get; set; } = [];

    public const int MaxBodyLength = 8_000;
    public const int MaxAttachments = 5;
}

internal sealed class TicketMessageConfiguration : IEntityTypeConfiguration<TicketMessage>
{
    public void Configure(EntityTypeBuilder<TicketMessage> message)
    {
        message.ToTable("ticket_messages");
        message.Property(m => m.Body).HasMaxLength(TicketMessage.MaxBodyLength);
        message.HasIndex(m => new { m.TicketId, m.CreatedAt });
        message.HasIndex(m => m.AuthorId);
        message.HasOne(m => m.Ticket).WithMany().HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.Cascade);
        message.HasOne(m => m.Author).WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.SetNull);
    }
}
