using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;

namespace ApraNova.Api.Features.Payments;

/// <summary>One ledger row. <see cref="Abandoned"/>: a checkout still pending after <see cref="PaymentLedger.AbandonedAfter"/> (its Stripe session has expired).</summary>
public sealed record PaymentRow(
    Guid Id, string TrackCode, long AmountCents, string Currency, PaymentState State, string? Email, Guid? UserId,
    Guid? EnrollmentId, string StripeSessionId, string? StripePaymentIntentId, string? StripeRefundId, string? FailureReason,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PaidAt, DateTimeOffset? RefundRequestedAt, DateTimeOffset? RefundedAt,
    bool Abandoned);

/// <summary>Totals of one currency over the filter; <see cref="PendingCount"/> counts live checkouts, <see cref="AbandonedCount"/> expired ones.</summary>
public sealed record PaymentTotals(string Currency, int Count, int PendingCount, int FailedCount, int PaidCount, long PaidCents, int RefundedCount, long RefundedCents,
    int AbandonedCount);

/// <summary>A page of the ledger (the api's one paging shape) with the totals over the whole filter.</summary>
public sealed record PaymentLedgerPage(IReadOnlyList<PaymentRow> Items, int Page, int PageSize, int Total, IReadOnlyList<PaymentTotals> Totals)
    : Paged<PaymentRow>(Items, Page, PageSize, Total);

/// <summary>The refund is with Stripe (<see cref="RefundRequestedAt"/>); the state becomes refunded when Stripe confirms it.</summary>
public sealed record RefundAccepted(Guid PaymentId, string RefundId, PaymentState State, DateTimeOffset RefundRequestedAt, string Message);

/// <summary>
/// The ledger's filters (<c>?state=&amp;track=&amp;email=&amp;from=&amp;to=&amp;includeAbandoned=</c>); <c>from</c> and <c>to</c>
/// bound the creation time, <c>email</c> matches part of the buyer's address. Abandoned checkouts (see
/// <see cref="PaymentLedger.AbandonedAfter"/>) are left out unless <c>includeAbandoned=true</c> or
/// <c>state=abandoned</c>; <c>state=pending</c> means the checkouts that can still be paid.
/// </summary>
/// <remarks>Attributes on the properties, not the constructor: see <see cref="PageRequest"/>.</remarks>
public sealed record PaymentLedgerFilter(
    [property: RegularExpression("(?i)pending|failed|paid|refunded|abandoned", ErrorMessage = "Use one of: pending, failed, paid, refunded, abandoned.")] string? State = null,
    string? Track = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    [property: StringLength(256)] string? Email = null,
    bool IncludeAbandoned = false) : IValidatableObject
{
    /// <summary>The state asked for, once validation has accepted <see cref="State"/> (abandoned is pending, expired).</summary>
    public PaymentState? ParseState() => string.IsNullOrWhiteSpace(State) ? null
        : IsAbandonedState ? PaymentState.Pending : Enum.Parse<PaymentState>(State, ignoreCase: true);

    public bool IsAbandonedState => string.Equals(State, "abandoned", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (From > To)
            yield return new ValidationResult("'from' must not be after 'to'.", [nameof(From)]);
    }
}

/// <summary>The payments ledger for staff, and refunds through Stripe (mapped under <c>/api/admin/payments</c> by <see cref="PaymentsFeature"/>).</summary>
internal static class PaymentAdminEndpoints
{
    public static RouteGroupBuilder MapPaymentAdminEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/", ListPayments)
            .ProducesValidationProblem()
            .WithName("ListPayments")
            .WithSummary("The payments ledger, filtered by state, track and creation date, with totals over the filter.");
        admin.MapGet("/export", ExportPayments)
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesValidationProblem()
            .WithName("ExportPayments")
            .WithSummary("The ledger as CSV (same filters as the list, every matching row up to 50,000), newest first.");
        admin.MapPost("/{id:guid}/refund", RefundPayment)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("RefundPayment")
            .WithSummary("Refund a paid payment through Stripe; Stripe's charge.refunded webhook then withdraws the enrollment.");
        return admin;
    }

    private static async Task<Ok<PaymentLedgerPage>> ListPayments(
        [AsParameters] PaymentLedgerFilter filter, [AsParameters] PageRequest paging, ApraNovaDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var abandonedBefore = clock.GetUtcNow() - PaymentLedger.AbandonedAfter;
        var query = PaymentLedger.Filter(db.Payments.AsNoTracking(), filter, abandonedBefore);

        var totals = await query
            .GroupBy(p => p.Currency)
            .Select(g => new PaymentTotals(
                g.Key,
                g.Count(),
                g.Count(p => p.State == PaymentState.Pending && p.CreatedAt >= abandonedBefore),
                g.Count(p => p.State == PaymentState.Failed),
                g.Count(p => p.State == PaymentState.Paid),
                g.Where(p => p.State == PaymentState.Paid).Sum(p => p.AmountCents),
                g.Count(p => p.State == PaymentState.Refunded),
                g.Where(p => p.State == PaymentState.Refunded).Sum(p => p.AmountCents),
                g.Count(p => p.State == PaymentState.Pending && p.CreatedAt < abandonedBefore)))
            .ToListAsync(cancellationToken);

        var page = await paging.ReadAsync(PaymentLedger.Rows(query.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id), abandonedBefore), cancellationToken);
        return TypedResults.Ok(new PaymentLedgerPage(page.Items, page.Page, page.PageSize, page.Total, totals));
    }

    private static async Task ExportPayments(
        [AsParameters] PaymentLedgerFilter filter, HttpContext http, ApraNovaDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var abandonedBefore = now - PaymentLedger.AbandonedAfter;
        var rows = PaymentLedger.Rows(PaymentLedger.Filter(db.Payments.AsNoTracking(), filter, abandonedBefore)
            .OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id).Take(PaymentLedger.MaxExportRows), abandonedBefore);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"payments-{now:yyyyMMdd-HHmm}.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        await writer.WriteAsync(PaymentLedger.CsvHeader + "\r\n");
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
            await writer.WriteAsync(PaymentLedger.CsvLine(row) + "\r\n");
    }

    private static async Task<Results<Accepted<RefundAccepted>, ProblemHttpResult>> RefundPayment(
        Guid id, ClaimsPrincipal principal, ApraNovaDbContext db, StripeGateway stripe, IOptions<StripeOptions> options,
        IAuditLog audit, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured)
            return PaymentProblems.NotConfigured();
        var payment = await db.Payments.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (payment is null)
            return Problems.NotFound($"There is no payment {id}.");
        if (payment.State != PaymentState.Paid || payment.StripePaymentIntentId is null)
            return Problems.Conflict("Only a paid payment can be refunded.", $"This payment is {payment.State.ToString().ToLowerInvariant()}.");

        Refund refund;
        try
        {
            refund = await stripe.RefundAsync(payment.StripePaymentIntentId, payment.Id, cancellationToken);
        }
        catch (StripeException ex) when (ex.StripeError?.Code == "charge_already_refunded")
        {
            return Problems.Conflict("Stripe has already refunded this payment.", "The refund webhook will update the ledger.");
        }
        catch (Exception ex) when (ex is StripeException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            loggers.CreateLogger(typeof(PaymentAdminEndpoints)).LogError(ex, "Stripe refund of payment {PaymentId} failed", payment.Id);
            return PaymentProblems.ProviderUnavailable();
        }

        // The state stays "paid" until Stripe's charge.refunded arrives: that event, not this
        // request, is the fact the ledger records (and the one that withdraws the enrollment).
        var before = new { payment.StripeRefundId, payment.RefundRequestedAt };
        payment.StripeRefundId = refund.Id;
        payment.RefundRequestedAt ??= clock.GetUtcNow();
        payment.UpdatedAt = clock.GetUtcNow();
        audit.Record(principal.GetUserId(), "payment.refund_requested", "payment", payment.Id.ToString(), before,
            new { payment.StripeRefundId, payment.RefundRequestedAt });
        await db.SaveChangesAsync(cancellationToken);

        return TypedResults.Accepted($"/api/admin/payments?state=refunded", new RefundAccepted(payment.Id, refund.Id, payment.State,
            payment.RefundRequestedAt.Value, "Refund issued with Stripe; the enrollment is withdrawn when Stripe confirms it."));
    }
}
