using ApraNova.Api.Features.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Support;

/// <summary>
/// A file of the files store (uploaded with <c>POST /api/files</c> by the message's author)
/// attached to a ticket message. It is downloaded through the ticket
/// (<c>/api/support/tickets/{id}/attachments/{fileId}</c>), so who may read it follows the
/// ticket's and the message's visibility, notes included.
/// </summary>
public sealed class TicketAttachment
{
    public Guid MessageId { get; set; }
    public TicketMessage? Message { get; set; }
    public Guid FileId { get; set; }
    public StoredFile? File { get; set; }
}

internal sealed class TicketAttachmentConfiguration : IEntityTypeConfiguration<TicketAttachment>
{
    public void Configure(EntityTypeBuilder<TicketAttachment> attachment)
    {
        attachment.ToTable("ticket_attachments");
        attachment.HasKey(a => new { a.MessageId, a.FileId });
        attachment.HasIndex(a => a.FileId);
        attachment.HasOne(a => a.Message).WithMany(m => m.Attachments).HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
        attachment.HasOne(a => a.File).WithMany().HasForeignKey(a => a.FileId).OnDelete(DeleteBehavior.Restrict);
    }
}
