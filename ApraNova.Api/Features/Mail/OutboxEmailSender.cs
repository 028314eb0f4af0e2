using ApraNova.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Mail;

/// <summary>
/// Queues every email in <c>outbox_emails</c> (delivered by <see cref="OutboxDeliveryService"/>
/// through SES or SMTP), with its HTML part from <see cref="EmailLayout"/>, and logs it.
/// <see cref="SendAsync"/> writes the row with its own INSERT, not through the change tracker, so
/// sending never commits whatever the calling feature has pending in the same DbContext;
/// <see cref="Queue"/> is the opposite, for a caller whose email must commit with its work.
/// </summary>
public sealed class OutboxEmailSender(ApraNovaDbContext db, TimeProvider clock, IOptions<MailOptions> options, ILogger<OutboxEmailSender> logger)
    : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var createdAt = clock.GetUtcNow();
        var html = message.HtmlBody ?? EmailLayout.Render(message);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO outbox_emails (id, "to", subject, text_body, html_body, created_at, attempts)
            VALUES ({id}, {message.To}, {message.Subject}, {message.TextBody}, {html}, {createdAt}, 0)
            """, cancellationToken);
        Log(id, message);
    }

    public void Queue(EmailMessage message)
    {
        var email = new OutboxEmail
        {
            Id = Guid.CreateVersion7(),
            To = message.To,
            Subject = message.Subject,
            TextBody = message.TextBody,
            HtmlBody = message.HtmlBody ?? EmailLayout.Render(message),
            CreatedAt = clock.GetUtcNow(),
        };
        db.OutboxEmails.Add(email);
        Log(email.Id, message);
    }

    private void Log(Guid id, EmailMessage message)
    {
        // Bodies carry set-password links: they go to the log (the dashboard) only where the dev
        // outbox shows them anyway, a developer's own run. Any other run logs which email, not to
        // whom: the address stays in the outbox row, which deleting the account deletes
        // (AccountDeletion), while log archives keep what they were given.
        if (options.Value.DevOutbox)
        {
            logger.LogInformation("Email to {To}: {Subject}\n{Body}", message.To, message.Subject, message.TextBody);
        }
        else
        {
            logger.LogInformation("Email {EmailId} queued: {Subject}", id, message.Subject);
        }
    }
}
