using ApraNova.Api.Features.Mail.Ses;

namespace ApraNova.Api.Features.Mail;

/// <summary>
/// One email to one recipient. Plain text always; the HTML part is rendered from the text by
/// <see cref="EmailLayout"/> (one layout for every email) unless a caller gives its own, with
/// <see cref="Action"/> as its button.
/// </summary>
public sealed record EmailMessage(string To, string Subject, string TextBody, string? HtmlBody = null)
{
    /// <summary>What the reader should do next (set a password, log in), shown as a button in the HTML part.</summary>
    public EmailAction? Action { get; init; }
}

/// <summary>Sends mail on behalf of any feature (password reset, welcome after checkout, ...).</summary>
public interface IEmailSender
{
    /// <summary>Queues the email at once, with its own statement (in the caller's transaction, if one is open).</summary>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the email to the caller's pending changes: the caller's next <c>SaveChanges</c> writes it,
    /// in the caller's transaction, so it is queued if and only if the caller's work commits (nothing
    /// can happen between the two, not even the task dying).
    /// </summary>
    void Queue(EmailMessage message);
}

public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>
    /// Development and tests: <c>GET /api/dev/mail</c> lists what was sent (reset links
    /// included), so it must never be on in production; start-up refuses it there. Mail then
    /// stays in the outbox: nothing is delivered, whatever relay is configured.
    /// </summary>
    public bool DevOutbox { get; set; }

    /// <summary>Amazon SES (production): on when <see cref="SesOptions.From"/> is set.</summary>
    public SesOptions Ses { get; set; } = new();

    /// <summary>An SMTP relay, the alternative to SES; on when its host is set. Without either, mail is only recorded.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>How often the delivery worker looks for queued mail.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per email before it is left in the outbox with its last error.</summary>
    public int MaxAttempts { get; set; } = 8;
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>STARTTLS; only a local test relay turns it off.</summary>
    public bool EnableSsl { get; set; } = true;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "ApraNova <no-reply@apranova.app>";
}
