using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Payments;

/// <summary>
/// Where a payment stands. The order matters: a payment only ever moves to a later state, so
/// webhook deliveries that arrive late or out of order cannot undo a later fact (a refunded
/// payment never becomes paid again; a failed attempt after success changes nothing).
/// A failed payment can still become paid: Checkout lets the customer retry with another card.
/// </summary>
public enum PaymentState
{
    Pending = 0,
    Failed = 1,
    Paid = 2,
    Refunded = 3,
}

/// <summary>One row per Checkout session: the payments ledger.</summary>
public sealed class Payment
{
    public Guid Id { get; set; }
    public required string TrackCode { get; set; }
    public long AmountCents { get; set; }
    public required string Currency { get; set; }
    public PaymentState State { get; set; } = PaymentState.Pending;

    /// <summary>Known up front for a logged-in buyer; for a visitor, Stripe tells us when they pay.</summary>
    public string? Email { get; set; }
    /// <summary>The buyer's account: set at checkout for a logged-in student, at payment for a visitor.</summary>
    public Guid? UserId { get; set; }
    public Guid? EnrollmentId { get; set; }

    public required string StripeSessionId { get; set; }
    public string? StripePaymentIntentId { get; set; }
    public string? StripeRefundId { get; set; }
    public string? FailureReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public DateTimeOffset? FailedAt { get; set; }
    public DateTimeOffset? RefundRequestedAt { get; set; }
    public DateTimeOffset? RefundedAt { get; set; }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> payment)
    {
        payment.ToTable("payments");
        payment.HasKey(p => p.Id);
        payment.Property(p => p.TrackCode).HasMaxLength(16);
        payment.Property(p => p.Currency).HasMaxLength(3);
        payment.Property(p => p.State).HasConversion<string>().HasMaxLength(16);
        payment.Property(p => p.Email).HasMaxLength(256);
        payment.Property(p => p.StripeSessionId).HasMaxLength(255);
        payment.Property(p => p.StripePaymentIntentId).HasMaxLength(255);
        payment.Property(p => p.StripeRefundId).HasMaxLength(255);
        payment.Property(p => p.FailureReason).HasMaxLength(500);

        // One ledger row per session and per payment intent, whatever the number of deliveries.
        payment.HasIndex(p => p.StripeSessionId).IsUnique();
        payment.HasIndex(p => p.StripePaymentIntentId).IsUnique();
        // The admin ledger filters and sorts by these.
        payment.HasIndex(p => new { p.State, p.CreatedAt });
        payment.HasIndex(p => p.CreatedAt);
        payment.HasIndex(p => p.UserId);
    }
}
