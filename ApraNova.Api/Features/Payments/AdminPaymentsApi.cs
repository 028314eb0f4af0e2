using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Accounts;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;

namespace ApraNova.Api.Features.Payments;

public sealed record PaymentRow(
    Guid Id, string TrackCode, long AmountCents, string Currency, PaymentState State, string? Email, Guid? UserId,
    Guid? EnrollmentId, string StripeSessionId, string? StripePaymentIntentId, string? StripeRefundId, string? FailureReason,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PaidAt, DateTimeOffset? RefundRequestedAt, DateTimeOffset? RefundedAt);

public sealed record PaymentTotals(string Currency, int Count, int PendingCount, int FailedCount, int PaidCount, long PaidCents, int RefundedCount, long RefundedCents);
public sealed record PaymentLedgerPage(IReadOnlyList<PaymentRow> Items, int Page, int PageSize, int TotalCount, IReadOnlyList<PaymentTotals> Totals);
public sealed record RefundAccepted(Guid PaymentId, string RefundId, PaymentState State, string Message);

/// <summary>The payments ledger for staff, and refunds through Stripe.</summary>
public static class AdminPaymentsApi
{
    private const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapAdminPaymentsApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/payments")
            .WithTags("Admin: payments")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin, Roles.SuperAdmin));

        admin.MapGet("/", ListPayments)
            .WithName("ListPayments")
            .WithSummary("The payments ledger, filtered by state, track and creation date, with totals over the filter.");
        admin.MapPost("/{id:guid}/refund", RefundPayment)
            .WithName("RefundPayment")
            .WithSummary("Refund a paid payment through Stripe; Stripe's charge.refunded webhook then withdraws the enrollment.");
        return app;
    }

    private static async Task<Results<Ok<PaymentLedgerPage>, ValidationProblem>> ListPayments(
        ApraNovaDbContext db, string? state, string? track, DateTimeOffset? from, DateTimeOffset? to,
        int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        PaymentState? stateFilter = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (Enum.TryParse<PaymentState>(state, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(state, out _))
                stateFilter = parsed;
            else
                errors["state"] = ["Use one of: pending, failed, paid, refunded."];
        }
        if (from is not null && to is not null && from > to)
            errors["from"] = ["'from' must not be after 'to'."];
        var pageNumber = page ?? 1;
        var size = pageSize ?? 50;
        if (pageNumber < 1) errors["page"] = ["Pages start at 1."];
        if (size is < 1 or > MaxPageSize) errors["pageSize"] = [$"Between 1 and {MaxPageSize}."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var query = db.Set<Payment>().AsNoTracking();
        if (stateFilter is { } wanted) query = query.Where(p => p.State == wanted);
        if (!string.IsNullOrWhiteSpace(track))
        {
            var code = track.Trim().ToUpperInvariant();
            query = query.Where(p => p.TrackCode == code);
        }
        if (from is { } start) query = query.Where(p => p.CreatedAt >= start);
        if (to is { } end) query = query.Where(p => p.CreatedAt <= end);

        var totals = await query
            .GroupBy(p => p.Currency)
            .Select(g => new PaymentTotals(
                g.Key,
                g.Count(),
                g.Count(p => p.State == PaymentState.Pending),
                g.Count(p => p.State == PaymentState.Failed),
                g.Count(p => p.State == PaymentState.Paid),
                g.Where(p => p.State == PaymentState.Paid).Sum(p => p.AmountCents),
                g.Count(p => p.State == PaymentState.Refunded),
                g.Where(p => p.State == PaymentState.Refunded).Sum(p => p.AmountCents)))
            .ToListAsync(cancellationToken);

        var items = await query
            .OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id)
            .Skip((pageNumber - 1) * size).Take(size)
            .Select(p => new PaymentRow(p.Id, p.TrackCode, p.AmountCents, p.Currency, p.State, p.Email, p.UserId, p.EnrollmentId,
                p.StripeSessionId, p.StripePaymentIntentId, p.StripeRefundId, p.FailureReason,
                p.CreatedAt, p.UpdatedAt, p.PaidAt, p.RefundRequestedAt, p.RefundedAt))
            .ToListAsync(cancellationToken);

        return TypedResults.Ok(new PaymentLedgerPage(items, pageNumber, size, totals.Sum(t => t.Count), totals));
    }

    private static async Task<Results<Accepted<RefundAccepted>, NotFound<ProblemDetails>, ProblemHttpResult>> RefundPayment(
        Guid id, ClaimsPrincipal principal, ApraNovaDbContext db, StripeGateway stripe, IOptions<StripeOptions> options,
        IAuditLog audit, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured)
            return CheckoutApi.NotConfigured();
        var payment = await db.Set<Payment>().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (payment is null)
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "No such payment." });
        if (payment.State != PaymentState.Paid || payment.StripePaymentIntentId is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Only a paid payment can be refunded.",
                detail: $"This payment is {payment.State.ToString().ToLowerInvariant()}.");

        Refund refund;
        try
        {
            refund = await stripe.RefundAsync(payment.StripePaymentIntentId, payment.Id, cancellationToken);
        }
        catch (StripeException ex) when (ex.StripeError?.Code == "charge_already_refunded")
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Stripe has already refunded this payment.",
                detail: "The refund webhook will update the ledger.");
        }
        catch (Exception ex) when (ex is StripeException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            loggers.CreateLogger("ApraNova.Api.Features.Payments.Admin").LogError(ex, "Stripe refund of payment {PaymentId} failed", payment.Id);
            return CheckoutApi.PaymentProviderUnavailable();
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
            "Refund issued with Stripe; the enrollment is withdrawn when Stripe confirms it."));
    }
}
