using System.Globalization;
using ApraNova.Api.Features.Tracks;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Payments;

/// <summary>The staff ledger's query rules, shared by the list and the CSV export.</summary>
public static class PaymentLedger
{
    /// <summary>
    /// A Stripe Checkout session expires 24 hours after it was created (Stripe's default, which we
    /// do not change): a checkout still pending after that can no longer be paid and is "abandoned".
    /// It stays in the table (nothing is deleted) but is hidden from the ledger by default.
    /// </summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(24);

    public const int MaxExportRows = 50_000;

    public static IQueryable<Payment> Filter(IQueryable<Payment> query, PaymentLedgerFilter filter, DateTimeOffset abandonedBefore)
    {
        if (filter.ParseState() is { } wanted)
            query = query.Where(p => p.State == wanted);
        if (filter.IsAbandonedState)
            query = query.Where(p => p.CreatedAt < abandonedBefore);
        else if (!filter.IncludeAbandoned)
            query = query.Where(p => p.State != PaymentState.Pending || p.CreatedAt >= abandonedBefore);
        if (!string.IsNullOrWhiteSpace(filter.Track))
        {
            var code = TrackQueries.NormalizeCode(filter.Track);
            query = query.Where(p => p.TrackCode == code);
        }
        if (!string.IsNullOrWhiteSpace(filter.Email))
        {
            var pattern = $"%{filter.Email.Trim().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_")}%";
            query = query.Where(p => p.Email != null && EF.Functions.ILike(p.Email, pattern, @"\"));
        }
        if (filter.From is { } start) query = query.Where(p => p.CreatedAt >= start);
        if (filter.To is { } end) query = query.Where(p => p.CreatedAt <= end);
        return query;
    }

    public static IQueryable<PaymentRow> Rows(IQueryable<Payment> ordered, DateTimeOffset abandonedBefore) =>
        ordered.Select(p => new PaymentRow(p.Id, p.TrackCode, p.AmountCents, p.Currency, p.State, p.Email, p.UserId, p.EnrollmentId,
            p.StripeSessionId, p.StripePaymentIntentId, p.StripeRefundId, p.FailureReason,
            p.CreatedAt, p.UpdatedAt, p.PaidAt, p.RefundRequestedAt, p.RefundedAt,
            p.State == PaymentState.Pending && p.CreatedAt < abandonedBefore));

    public const string CsvHeader =
        "id,created_at,email,track,amount,currency,state,paid_at,refund_requested_at,refunded_at,stripe_session_id,stripe_payment_intent_id,failure_reason";

    public static string CsvLine(PaymentRow row) => string.Join(',',
        Field(row.Id.ToString()), Field(Time(row.CreatedAt)), Field(row.Email), Field(row.TrackCode),
        Field((row.AmountCents / 100m).ToString("0.00", CultureInfo.InvariantCulture)), Field(row.Currency.ToUpperInvariant()),
        Field(row.Abandoned ? "abandoned" : row.State.ToString().ToLowerInvariant()),
        Field(Time(row.PaidAt)), Field(Time(row.RefundRequestedAt)), Field(Time(row.RefundedAt)),
        Field(row.StripeSessionId), Field(row.StripePaymentIntentId), Field(row.FailureReason));

    private static string? Time(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// RFC 4180 quoting, and a leading apostrophe for text a spreadsheet would run as a formula
    /// (=, +, -, @, tab, CR): an email or a failure reason comes from outside and must stay text.
    /// </summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
