namespace ApraNova.Api.Features.Mail;

/// <summary>
/// What an email says, independent of its format: a greeting, paragraphs, an optional quoted
/// block (the trainer's feedback, a message) and one call to action.
/// </summary>
public sealed record EmailContent(
    string Subject,
    string Greeting,
    IReadOnlyList<string> Paragraphs,
    string? ActionLabel = null,
    string? ActionUrl = null,
    string? Quote = null,
    string? QuoteLabel = null,
    string? Footer = null);
