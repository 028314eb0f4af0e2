namespace ApraNova.Api.Features.Mail;

/// <summary>One email to one recipient. Plain text always; HTML optional.</summary>
public sealed record EmailMessage(string To, string Subject, string TextBody, string? HtmlBody = null);

/// <summary>Sends mail on behalf of any feature (password reset, welcome after checkout, ...).</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>
    /// Development and tests: <c>GET /api/dev/mail</c> lists what was sent (reset links
    /// included), so it must never be on in production; start-up refuses it there.
    /// </summary>
    public bool DevOutbox { get; set; }

    /// <summary>The relay that delivers the outbox (e.g. Amazon SES SMTP); without a host, mail is only recorded.</summary>
    public SmtpOptions Smtp { get; set; } = new();
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
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    public int MaxAttempts { get; set; } = 8;
}
