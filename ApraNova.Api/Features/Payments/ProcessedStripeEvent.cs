using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Payments;

/// <summary>
/// A Stripe event that has been applied. Inserted in the same transaction as the event's
/// effects, keyed by the event id: a second delivery of the same event (a retry, or a racing
/// duplicate that waits on the first one's row lock) violates the key and changes nothing.
/// </summary>
public sealed class ProcessedStripeEvent
{
    public required string EventId { get; init; }
    public required string Type { get; init; }
    public Guid? PaymentId { get; init; }
    public DateTimeOffset ProcessedAt { get; init; }
}

public sealed class ProcessedStripeEventConfiguration : IEntityTypeConfiguration<ProcessedStripeEvent>
{
    public const string PrimaryKeyName = "pk_processed_stripe_events";
    public const string PaymentForeignKeyName = "fk_processed_stripe_events_payments_payment_id";

    public void Configure(EntityTypeBuilder<ProcessedStripeEvent> processed)
    {
        processed.ToTable("processed_stripe_events");
        processed.HasKey(e => e.EventId).HasName(PrimaryKeyName);
        processed.Property(e => e.EventId).HasMaxLength(255);
        processed.Property(e => e.Type).HasMaxLength(100);
        // An event is recorded only against a payment of ours: the key lets the webhook's first
        // statement insert it without reading the payment first, and an event naming a payment
        // that is not ours fails on it (StripeWebhookProcessor). Payments are never deleted.
        processed.HasOne<Payment>().WithMany().HasForeignKey(e => e.PaymentId)
            .HasConstraintName(PaymentForeignKeyName).OnDelete(DeleteBehavior.Restrict);
    }
}
