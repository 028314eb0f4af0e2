using ApraNova.Api.Data;
using ApraNova.Api.Features.Mail;
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

    public EmailMessage PaymentFailed(string to, string trackCode, string track, string? reason) => new EmailMessage(
        to,
        $"Your payment for {track} did not go through",
        $"""
        Hello,

        Your payment for {track} did not go through{(reason is null ? "." : $": {reason}")}
        You have not been charged and you are not enrolled. You can try again at {PublicUrl}/tracks/{Uri.EscapeDataString(trackCode)}

        The ApraNova team
        """) { Action = new EmailAction("Try again", $"{PublicUrl}/tracks/{Uri.EscapeDataString(trackCode)}") };

    public static EmailMessage Refunded(string to, string track) => new(
        to,
        $"Your payment for {track} was refunded",
        $"""
        Hello,

        Your payment for {track} has been refunded. Your enrollment has ended and the track's projects are no longer available to you.

        The ApraNova team
        """);

    /// <summary>The track's name as the emails give it (its code if it is gone).</summary>
    public async Task<string> TrackNameAsync(string trackCode, CancellationToken cancellationToken) =>
        await db.Tracks.AsNoTracking().Where(t => t.Code == trackCode).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken)
        ?? trackCode;
}
