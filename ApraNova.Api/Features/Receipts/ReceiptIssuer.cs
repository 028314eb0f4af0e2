using ApraNova.Api.Data;
using ApraNova.Api.Features.Mail;
using ApraNova.Api.Features.Payments;
using ApraNova.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Receipts;

/// <summary>
/// Issues what the ledger says is owed: a receipt for every received payment, and a credit note
/// for every refunded one, each announced by email. It reads the ledger rather than being called
/// by the webhook processor, so a receipt is never lost to a failure between the payment and the
/// email, payments made before receipts existed get theirs too, and the payment flow stays as it
/// is. Every api task runs it; one at a time issues (a transaction-scoped advisory lock, the others
/// skip that pass), and a pass's documents and their emails commit together. The unique
/// (payment, kind) index stays as the backstop.
/// </summary>
public sealed class ReceiptIssuer(
    ApraNovaDbContext db, IOptionsMonitor<ReceiptOptions> options, IEmailSender email, IOptions<AppOptions> app, TimeProvider clock,
    ILogger<ReceiptIssuer> logger)
{
    public const int BatchSize = 50;

    // The "issuing receipts" advisory lock ("RECEIPT").
    private const long IssuingLockKey = 0x52454345495054;

    /// <summary>Issues up to one batch of each kind, in one transaction; returns how many documents this call issued.</summary>
    public Task<int> IssueDueAsync(CancellationToken cancellationToken) =>
        db.InTransactionAsync(async token =>
        {
            db.ChangeTracker.Clear();
            // One issuer at a time across api tasks. Racing instead, two tasks read the same due
            // payments and one lost the unique index: its whole batch wasted, an error logged, and
            // with the documents committed before their emails, a task that died between the two
            // left receipts nobody was ever sent.
            if (!await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({IssuingLockKey}) AS \"Value\"").SingleAsync(token))
                return 0;

            var paid = await WithNames(db.Payments.AsNoTracking()
                .Where(p => p.PaidAt != null && (p.State == PaymentState.Paid || p.State == PaymentState.Refunded)
                    && !db.Receipts.Any(r => r.PaymentId == p.Id && r.Kind == ReceiptKind.Receipt))
                .OrderBy(p => p.PaidAt).Take(BatchSize)).ToListAsync(token);
            var issued = await IssueAsync(ReceiptKind.Receipt, paid, token);

            var refunded = await WithNames(db.Payments.AsNoTracking()
                .Where(p => p.State == PaymentState.Refunded && p.PaidAt != null
                    && db.Receipts.Any(r => r.PaymentId == p.Id && r.Kind == ReceiptKind.Receipt)
                    && !db.Receipts.Any(r => r.PaymentId == p.Id && r.Kind == ReceiptKind.CreditNote))
                .OrderBy(p => p.RefundedAt).Take(BatchSize)).ToListAsync(token);
            return issued + await IssueAsync(ReceiptKind.CreditNote, refunded, token);
        }, cancellationToken);

    /// <summary>A payment owed a document, with the names the document shows.</summary>
    private sealed record Owed(Payment Payment, string? BuyerName, string? BuyerEmail, string? TrackName);

    // The buyer and the track are read with the batch (two queries per payment before: a cohort's
    // payments are issued while their webhooks still arrive, on the same half core).
    private IQueryable<Owed> WithNames(IQueryable<Payment> payments) =>
        from p in payments
        join u in db.Users on p.UserId equals (Guid?)u.Id into buyers
        from u in buyers.DefaultIfEmpty()
        join t in db.Tracks on p.TrackCode equals t.Code into tracks
        from t in tracks.DefaultIfEmpty()
        select new Owed(p, u == null ? null : u.FullName, u == null ? null : u.Email, t == null ? null : t.Name);

    /// <summary>
    /// Issues a batch in two saves whatever its size: the documents (PostgreSQL numbers them), then
    /// their emails, each queued with its document's emailed mark. Returns how many it issued.
    /// </summary>
    private async Task<int> IssueAsync(ReceiptKind kind, List<Owed> due, CancellationToken cancellationToken)
    {
        if (due.Count == 0) return 0;
        var documents = due.Select(owed => (Receipt: Document(owed, kind), Track: owed.TrackName ?? owed.Payment.TrackCode)).ToList();
        db.Receipts.AddRange(documents.Select(document => document.Receipt));
        await db.SaveChangesAsync(cancellationToken);

        var now = clock.GetUtcNow();
        foreach (var (receipt, track) in documents.Where(document => document.Receipt.BuyerEmail.Length > 0))
        {
            email.Queue(Compose(receipt, track));
            receipt.EmailedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        // Nothing else is tracked (payments are read untracked): forgetting all costs no change scan.
        db.ChangeTracker.Clear();
        logger.LogInformation("Issued {Count} {Kind} documents, {First} to {Last}", documents.Count, kind,
            documents[0].Receipt.Number, documents[^1].Receipt.Number);
        return documents.Count;
    }

    private Receipt Document(Owed owed, ReceiptKind kind)
    {
        var (payment, buyerName, accountEmail, track) = owed;
        var settings = options.CurrentValue;
        var (net, tax) = Split(payment.AmountCents, settings.TaxRatePercent);
        return new Receipt
        {
            Kind = kind,
            PaymentId = payment.Id,
            UserId = payment.UserId,
            IssuedAt = clock.GetUtcNow(),
            Description = $"ApraNova {track ?? payment.TrackCode} ({payment.TrackCode}), one-time track fee",
            Currency = payment.Currency,
            TotalCents = payment.AmountCents,
            NetCents = net,
            TaxCents = tax,
            TaxRatePercent = settings.TaxRatePercent,
            TaxLabel = settings.TaxLabel,
            BuyerName = buyerName ?? "",
            BuyerEmail = payment.Email ?? accountEmail ?? "",
            SellerName = settings.SellerName,
            SellerAddress = settings.SellerAddress,
            SellerTaxId = string.IsNullOrWhiteSpace(settings.SellerTaxId) ? null : settings.SellerTaxId,
            SellerEmail = string.IsNullOrWhiteSpace(settings.SellerEmail) ? null : settings.SellerEmail,
        };
    }

    /// <summary>Splits a tax-inclusive amount into net and tax at <paramref name="ratePercent"/> (tax rounded to the cent).</summary>
    public static (long Net, long Tax) Split(long totalCents, decimal ratePercent)
    {
        if (ratePercent <= 0)
            return (totalCents, 0);
        var net = (long)Math.Round(totalCents * 100m / (100m + ratePercent), MidpointRounding.AwayFromZero);
        return (net, totalCents - net);
    }

    private EmailMessage Compose(Receipt receipt, string track)
    {
        var creditNote = receipt.Kind == ReceiptKind.CreditNote;
        var link = $"{app.Value.PublicUrl.TrimEnd('/')}/payments";
        var amount = ReceiptPdf.Money(receipt.TotalCents, receipt.Currency);
        List<DocumentEmailRow> details =
        [
            new(creditNote ? "Credit note number" : "Receipt number", receipt.Number),
            new("Date", DocumentEmail.Date(receipt.IssuedAt)),
            new("Track", track),
            new("Billed to", string.IsNullOrWhiteSpace(receipt.BuyerName) ? receipt.BuyerEmail : $"{receipt.BuyerName} ({receipt.BuyerEmail})"),
            new("Seller", string.IsNullOrWhiteSpace(receipt.SellerAddress) ? receipt.SellerName : $"{receipt.SellerName}, {receipt.SellerAddress}"),
        ];
        if (receipt.SellerTaxId is { } taxId) details.Add(new("Seller tax ID", taxId));
        List<DocumentEmailRow> lines = [new(receipt.Description, ReceiptPdf.Money(receipt.NetCents, receipt.Currency, creditNote))];
        if (receipt.TaxCents != 0 || receipt.TaxRatePercent > 0)
            lines.Add(new($"{receipt.TaxLabel} ({receipt.TaxRatePercent.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} %)",
                ReceiptPdf.Money(receipt.TaxCents, receipt.Currency, creditNote)));
        var greeting = $"Hello{(string.IsNullOrWhiteSpace(receipt.BuyerName) ? "" : " " + receipt.BuyerName)},";
        var document = creditNote
            ? new DocumentEmail($"Credit note {receipt.Number} for your refund", greeting,
                [$"Your refund of {amount} for {receipt.Description} is confirmed. Credit note {receipt.Number} cancels your receipt."],
                $"Credit note {receipt.Number}", details, lines, new("Total refunded", ReceiptPdf.Money(receipt.TotalCents, receipt.Currency, negative: true)),
                new EmailAction("Download the PDF", link), receipt.SellerName)
            : new DocumentEmail($"Your receipt {receipt.Number}", greeting,
                [$"Thank you for your payment of {amount} for {receipt.Description}. Your receipt number is {receipt.Number}."],
                $"Receipt {receipt.Number}", details, lines, new("Total paid", amount),
                new EmailAction("Download the PDF", link), receipt.SellerName);
        return document.ToMessage(receipt.BuyerEmail);
    }
}
