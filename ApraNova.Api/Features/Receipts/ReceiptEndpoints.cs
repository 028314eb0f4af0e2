using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Payments;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Receipts;

public sealed record ReceiptView(Guid Id, string Number, ReceiptKind Kind, DateTimeOffset IssuedAt, long TotalCents, long TaxCents, string Currency);

/// <summary>One of the caller's payments with its receipt and credit note (when issued).</summary>
public sealed record PaymentHistoryItem(Guid PaymentId, string TrackCode, long AmountCents, string Currency, PaymentState State,
    DateTimeOffset CreatedAt, DateTimeOffset? PaidAt, DateTimeOffset? RefundedAt, IReadOnlyList<ReceiptView> Receipts);

/// <summary>
/// The caller's payment history and their receipts as PDF (mapped under <c>/api/receipts</c> by
/// <see cref="ReceiptsFeature"/>). A receipt is readable by its buyer and by staff.
/// </summary>
internal static class ReceiptEndpoints
{
    public const int MaxPayments = 100;

    public static RouteGroupBuilder MapReceiptEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/", HistoryAsync)
            .WithName("ListMyPayments")
            .WithSummary("The caller's received and refunded payments, newest first, with their receipts and credit notes.");
        group.MapGet("/{id:guid}/pdf", PdfAsync)
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DownloadReceipt")
            .WithSummary("A receipt or credit note as PDF: its buyer and staff only.");
        return group;
    }

    private static async Task<Ok<List<PaymentHistoryItem>>> HistoryAsync(ClaimsPrincipal caller, ApraNovaDbContext db, CancellationToken cancellationToken)
    {
        var userId = caller.GetUserId();
        var payments = await db.Payments.AsNoTracking()
            .Where(p => p.UserId == userId && (p.State == PaymentState.Paid || p.State == PaymentState.Refunded))
            .OrderByDescending(p => p.CreatedAt).Take(MaxPayments)
            .Select(p => new
            {
                p.Id, p.TrackCode, p.AmountCents, p.Currency, p.State, p.CreatedAt, p.PaidAt, p.RefundedAt,
                Receipts = db.Receipts.Where(r => r.PaymentId == p.Id).OrderBy(r => r.Sequence)
                    .Select(r => new { r.Id, r.Kind, r.IssuedAt, r.Sequence, r.TotalCents, r.TaxCents, r.Currency }).ToList(),
            })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(payments.Select(p => new PaymentHistoryItem(p.Id, p.TrackCode, p.AmountCents, p.Currency, p.State, p.CreatedAt,
            p.PaidAt, p.RefundedAt, [.. p.Receipts.Select(r => new ReceiptView(r.Id, Receipt.FormatNumber(r.Kind, r.IssuedAt, r.Sequence), r.Kind,
                r.IssuedAt, r.TotalCents, r.TaxCents, r.Currency))])).ToList());
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PdfAsync(
        Guid id, ClaimsPrincipal caller, ApraNovaDbContext db, CancellationToken cancellationToken)
    {
        var receipts = db.Receipts.AsNoTracking().Where(r => r.Id == id);
        if (!caller.IsStaff())
        {
            var userId = caller.GetUserId();
            receipts = receipts.Where(r => r.UserId == userId);
        }
        var receipt = await receipts.SingleOrDefaultAsync(cancellationToken);
        if (receipt is null)
            return Problems.NotFound("There is no such receipt among yours.");
        var paidAt = await db.Payments.Where(p => p.Id == receipt.PaymentId).Select(p => p.PaidAt).SingleAsync(cancellationToken);
        string? refersTo = null;
        if (receipt.Kind == ReceiptKind.CreditNote)
        {
            var original = await db.Receipts.AsNoTracking().Where(r => r.PaymentId == receipt.PaymentId && r.Kind == ReceiptKind.Receipt)
                .Select(r => new { r.IssuedAt, r.Sequence }).SingleOrDefaultAsync(cancellationToken);
            refersTo = original is null ? null : Receipt.FormatNumber(ReceiptKind.Receipt, original.IssuedAt, original.Sequence);
        }
        var pdf = ReceiptPdf.Render(receipt, paidAt, refersTo);
        return TypedResults.File(pdf, "application/pdf", $"{receipt.Number}.pdf");
    }
}
