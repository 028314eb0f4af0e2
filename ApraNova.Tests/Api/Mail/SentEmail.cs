namespace ApraNova.Tests.Api.Mail;

/// <summary>One email as SES accepted it.</summary>
public sealed record SentEmail(string MessageId, string From, IReadOnlyList<string> To, string Subject, string Body);
