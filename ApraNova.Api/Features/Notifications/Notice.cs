namespace ApraNova.Api.Features.Notifications;

/// <summary>
/// Something to tell one user: shown in their in-app list and, unless they switched the kind off,
/// emailed (HTML with a button, and plain text).
/// </summary>
/// <param name="RecipientId">The user told.</param>
/// <param name="Kind">Why (the preference that governs the email).</param>
/// <param name="DedupeKey">What it is about, unique per recipient: telling the same fact again does nothing.</param>
/// <param name="Title">One line: the list's entry and the email's subject.</param>
/// <param name="Body">A sentence or two of plain text.</param>
/// <param name="Link">The web path it opens (<c>/projects/…</c>), or null.</param>
/// <param name="ActionLabel">The email button's words (default "Open ApraNova").</param>
/// <param name="Quote">Words of another person shown as a quote (feedback, a message); kept in the email only.</param>
/// <param name="QuoteLabel">What the quote is ("Your trainer's feedback").</param>
public sealed record Notice(
    Guid RecipientId,
    NotificationKind Kind,
    string DedupeKey,
    string Title,
    string Body,
    string? Link,
    string? ActionLabel = null,
    string? Quote = null,
    string? QuoteLabel = null);
