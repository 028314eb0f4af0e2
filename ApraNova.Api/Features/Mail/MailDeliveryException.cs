namespace ApraNova.Api.Features.Mail;

/// <summary>One delivery attempt failed; the outbox keeps the email and retries it on a later pass.</summary>
public sealed class MailDeliveryException(string message, Exception? innerException = null) : Exception(message, innerException);
