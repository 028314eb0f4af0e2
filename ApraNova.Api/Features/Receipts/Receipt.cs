using ApraNova.Api.Features.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Receipts;

/// <summary>
/// A receipt for a received payment, or a credit note for its refund. Everything printed on it
/// (amounts, tax, seller, buyer) is copied in when it is issued, so a later price, tax or address
/// change never alters a document already sent. Numbers come from a database identity: gapless
/// enough for receipts and unique across api tasks (<see cref="Number"/>).
/// </summary>
public sealed class Receipt
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>Assigned by PostgreSQL on insert; the running part of <see cref="Number"/>.</summary>
    public long Sequence { get; set; }
    public ReceiptKind Kind { get; set; }
    public Guid PaymentId { get; set; }
    public Payment? Payment { get; set; }
    /// <summary>The buyer's account, as on the payment.</summary>
    public Guid? UserId { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public required string Description { get; set; }
    public required string Currency { get; set; }
    /// <summary>What was paid (or given back), tax included.</summary>
    public long TotalCents { get; set; }
    public long NetCents { get; set; }
    public long TaxCents { get; set; }
    /// <summary>Percent, e.g. 20.00; 0 when the seller charges no tax.</summary>
    public decimal TaxRatePercent { get; set; }
    public required string TaxLabel { get; set; }
    public required string BuyerName { get; set; }
    public required string BuyerEmail { get; set; }
    public required string SellerName { get; set; }
    public required string SellerAddress { get; set; }
    public string? SellerTaxId { get; set; }
    public string? SellerEmail { get; set; }
    /// <summary>When the email announcing it was queued; null until then (and for buyers without an address).</summary>
    public DateTimeOffset? EmailedAt { get; set; }

    /// <summary>R-2026-000042 for a receipt, CN-2026-000043 for a credit note.</summary>
    public string Number => FormatNumber(Kind, IssuedAt, Sequence);

    public static string FormatNumber(ReceiptKind kind, DateTimeOffset issuedAt, long sequence) =>
        $"{(kind == ReceiptKind.CreditNote ? "CN" : "R")}-{issuedAt.UtcDateTime.Year}-{sequence:D6}";
}

public enum ReceiptKind
{
    Receipt,
    CreditNote,
}

internal sealed class ReceiptConfiguration : IEntityTypeConfiguration<Receipt>
{
    public void Configure(EntityTypeBuilder<Receipt> receipt)
    {
        receipt.ToTable("receipts");
        receipt.Ignore(r => r.Number);
        receipt.Property(r => r.Sequence).UseIdentityAlwaysColumn();
        receipt.HasIndex(r => r.Sequence).IsUnique();
        receipt.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        // One receipt and at most one credit note per payment, however many api tasks issue at once.
        receipt.HasIndex(r => new { r.PaymentId, r.Kind }).IsUnique();
        receipt.HasIndex(r => r.UserId);
        receipt.Property(r => r.Description).HasMaxLength(300);
        receipt.Property(r => r.Currency).HasMaxLength(3);
        receipt.Property(r => r.TaxRatePercent).HasPrecision(5, 2);
        receipt.Property(r => r.TaxLabel).HasMaxLength(40);
        receipt.Property(r => r.BuyerName).HasMaxLength(200);
        receipt.Property(r => r.BuyerEmail).HasMaxLength(256);
        receipt.Property(r => r.SellerName).HasMaxLength(200);
        receipt.Property(r => r.SellerAddress).HasMaxLength(1000);
        receipt.Property(r => r.SellerTaxId).HasMaxLength(100);
        receipt.Property(r => r.SellerEmail).HasMaxLength(256);
        receipt.HasOne(r => r.Payment).WithMany().HasForeignKey(r => r.PaymentId).OnDelete(DeleteBehavior.Restrict);
    }
}
