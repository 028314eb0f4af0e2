namespace ApraNova.Api.Features.Mail;

/// <summary>How the outbox reaches the world: Amazon SES in production, or an SMTP relay.</summary>
public interface IMailTransport
{
    /// <summary>For logs and traces ("ses", "smtp").</summary>
    string Name { get; }

    /// <summary>Hands one email to the relay; throws <see cref="MailDeliveryException"/> when this attempt failed.</summary>
    Task SendAsync(OutboxEmail email, CancellationToken cancellationToken);
}
