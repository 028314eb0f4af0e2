namespace ApraNova.Api.Features.Mail;

/// <summary>The one thing an email asks its reader to do: a button in the HTML part, the same link in the text.</summary>
public sealed record EmailAction(string Label, string Url);
