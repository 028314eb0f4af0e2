using ApraNova.Api.Data;
using ApraNova.Api.Features.Mail;
using ApraNova.Api.Features.Receipts;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Payments;

/// <summary>
/// The emails that follow a payment, composed by <see cref="StripeWebhookProcessor"/> inside the
/// transaction that records the event and queued with it (<see cref="Queue"/>): an email goes out
/// if and only if the payment's new state commits. None of them ever contains a password.
/// </summary>
public sealed class PaymentEmails(
    ApraNovaDbContext db,
    UserManager<ApplicationUser> users,
    AccountProvisioning accounts,
    IEmailSender sender,
    TrackCatalog catalog,
    IOptions<AppOptions> app)
{
    private string PublicUrl => app.Value.PublicUrl.TrimEnd('/');

    /// <summary>Adds the email to the caller's pending changes (written by its SaveChanges, in its transaction).</summary>
    public void Queue(EmailMessage message) => sender.Queue(message);

    public async Task<EmailMessage> WelcomeAsync(ApplicationUser user, string track)
    {
        // An account made from the payment has no password yet: the buyer chooses one through a
        // reset-token link. An existing account keeps its password and just logs in.
        var hasPassword = await users.HasPasswordAsync(user);
        var action = hasPassword
            ? new EmailAction("Log in", $"{PublicUrl}/login")
            : new EmailAction("Set your password", await accounts.CreatePasswordSetupLinkAsync(user));
        var next = hasPassword
            ? $"Log in to start: {action.Url}"
            : $"Set your password to log in (the link is valid for a limited time):\n{action.Url}";
        return new EmailMessage(
            user.Email!,
            $"Welcome to ApraNova: you are enrolled in {track}",
            $"""
            Hello{(string.IsNullOrWhiteSpace(user.FullName) ? "" : " " + user.FullName)},

            Thank you for your payment. You are enrolled in {track}: your trainer is assigned and Project 1 is unlocked.

            {next}

            The ApraNova team
            """) { Action = action };
    }

    public static EmailMessage NeedsAttention(ApplicationUser user, string track) => new(
        user.Email!,
        $"We received your payment for {track}",
        $"""
        Hello,

        We received your payment for {track}, but your account already follows another track, and a student follows one track at a time.
        Our team will contact you shortly to move you to {track} or refund you.

        The ApraNova team
        """);

    public EmailMessage PaymentFailed(string to, string trackCode, string track, string? reason, long amountCents, string currency, DateTimeOffset at)
    {
        var retry = $"{PublicUrl}/tracks/{Uri.EscapeDataString(trackCode)}";
        List<DocumentEmailRow> details = [new("Track", track), new("Date", DocumentEmail.Date(at)), new("Status", "Not charged")];
        if (reason is not null) details.Add(new("Reason", reason));
        return new DocumentEmail(
            $"Your payment for {track} did not go through",
            "Hello,",
            [
                $"Your payment for {track} did not go through{(reason is null ? "." : $": {reason}")}",
                "You have not been charged and you are not enrolled. You can try again from the track's page.",
            ],
            "Payment not completed",
            details,
            [new($"{track}, one-time track fee", ReceiptPdf.Money(amountCents, currency))],
            new("Amount charged", ReceiptPdf.Money(0, currency)),
            new EmailAction("Try again", retry),
            "The ApraNova team").ToMessage(to);
    }

    /// <summary>The refund confirmed by Stripe; the credit note (its own email) follows from the receipt issuer.</summary>
    public async Task<EmailMessage> RefundedAsync(string to, Payment payment, string track, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var receipt = await db.Receipts.AsNoTracking().Where(r => r.PaymentId == payment.Id && r.Kind == ReceiptKind.Receipt)
            .Select(r => new { r.IssuedAt, r.Sequence }).FirstOrDefaultAsync(cancellationToken);
        List<DocumentEmailRow> details = [new("Track", track), new("Refund date", DocumentEmail.Date(at))];
        if (payment.PaidAt is { } paidAt) details.Add(new("Paid on", DocumentEmail.Date(paidAt)));
        if (receipt is not null) details.Add(new("Receipt number", Receipt.FormatNumber(ReceiptKind.Receipt, receipt.IssuedAt, receipt.Sequence)));
        var amount = ReceiptPdf.Money(payment.AmountCents, payment.Currency);
        return new DocumentEmail(
            $"Your payment for {track} was refunded",
            "Hello,",
            [
                $"Your payment of {amount} for {track} has been refunded. Your enrollment has ended and the track's projects are no longer available to you.",
                "Your bank may take a few days to show the money back on your statement. A credit note follows in a separate email.",
            ],
            "Refund",
            details,
            [new($"{track}, one-time track fee", amount)],
            new("Refunded", amount),
            new EmailAction("Your payment history", $"{PublicUrl}/payments"),
            "The ApraNova team").ToMessage(to);
    }

    /// <summary>
    /// The track's name as the emails give it (its code if it is gone): from the cached curriculum,
    /// read from the database only for a track that is not published.
    /// </summary>
    public async Task<string> TrackNameAsync(string trackCode, CancellationToken cancellationToken) =>
        (await catalog.GetCurrentAsync(cancellationToken)).Snapshot.Find(trackCode)?.Name
        ?? await db.Tracks.AsNoTracking().Where(t => t.Code == trackCode).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken)
        ?? trackCode;
}
