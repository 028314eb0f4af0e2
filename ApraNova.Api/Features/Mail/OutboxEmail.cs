using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Mail;

/// <summary>A sent email as recorded in <c>outbox_emails</c>.</summary>
public sealed class OutboxEmail
{
    public Guid Id { get; set; }
    public required string To { get; set; }
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public string? HtmlBody { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When the SMTP relay accepted it; null while queued (or when no relay is configured).</summary>
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> builder)
    {
        builder.ToTable("outbox_emails");
        builder.Property(email => email.To).HasMaxLength(320);
        builder.Property(email => email.Subject).HasMaxLength(500);
        builder.HasIndex(email => new { email.To, email.CreatedAt });
        builder.Property(email => email.LastError).HasMaxLength(1000);
        // The delivery worker's queue: unsent rows, oldest first.
        builder.HasIndex(email => email.CreatedAt).HasFilter("sent_at IS NULL").HasDatabaseName("ix_outbox_emails_unsent");
    }
}
