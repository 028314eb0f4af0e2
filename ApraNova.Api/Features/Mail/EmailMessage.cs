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
    /// Development and tests: <c>GET /api/dev/outbox</c> lists what was sent (reset links
    /// included), so it must never be on in production; start-up refuses it there.
    /// </summary>
    public bool DevOutbox { get; set; }
}
