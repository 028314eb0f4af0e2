using System.Net;
using System.Text;

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

/// <summary>
/// Renders <see cref="EmailContent"/> as the two parts every ApraNova email carries: plain text
/// (always, what text-only clients and the dev outbox show) and HTML with a button. Every value is
/// HTML-encoded: names, feedback and messages come from users. Inline styles only, one column,
/// table layout: what email clients render alike.
/// </summary>
public static class EmailLayout
{
    private const string Brand = "ApraNova";
    private const string Accent = "#1d4ed8";
    private const string Ink = "#14213d";

    public static EmailMessage Render(string to, EmailContent content) =>
        new(to, content.Subject, Text(content), Html(content));

    public static string Text(EmailContent content)
    {
        var text = new StringBuilder();
        text.Append(content.Greeting).Append("\n\n");
        foreach (var paragraph in content.Paragraphs)
            text.Append(paragraph).Append("\n\n");
        if (content.Quote is { Length: > 0 } quote)
        {
            if (content.QuoteLabel is { } label)
                text.Append(label).Append('\n');
            foreach (var line in quote.ReplaceLineEndings("\n").Split('\n'))
                text.Append("> ").Append(line).Append('\n');
            text.Append('\n');
        }
        if (content.ActionUrl is { } url)
            text.Append(content.ActionLabel ?? "Open").Append(": ").Append(url).Append("\n\n");
        text.Append("The ").Append(Brand).Append(" team");
        if (content.Footer is { } footer)
            text.Append("\n\n").Append(footer);
        return text.ToString();
    }

    public static string Html(EmailContent content)
    {
        static string E(string value) => WebUtility.HtmlEncode(value);
        var body = new StringBuilder();
        body.Append($"<p style=\"margin:0 0 16px\">{E(content.Greeting)}</p>");
        foreach (var paragraph in content.Paragraphs)
            body.Append($"<p style=\"margin:0 0 16px\">{E(paragraph).ReplaceLineEndings("<br>")}</p>");
        if (content.Quote is { Length: > 0 } quote)
        {
            if (content.QuoteLabel is { } label)
                body.Append($"<p style=\"margin:0 0 4px;font-weight:600\">{E(label)}</p>");
            body.Append($"<blockquote style=\"margin:0 0 16px;padding:12px 16px;background:#f3f4f6;border-left:4px solid {Accent};white-space:pre-wrap\">{E(quote)}</blockquote>");
        }
        if (content.ActionUrl is { } url)
        {
            var href = E(url);
            body.Append($"""
                <table role="presentation" cellspacing="0" cellpadding="0" style="margin:8px 0 24px"><tr><td style="border-radius:8px;background:{Accent}">
                <a href="{href}" style="display:inline-block;padding:12px 20px;color:#ffffff;text-decoration:none;font-weight:600;border-radius:8px">{E(content.ActionLabel ?? "Open")}</a>
                </td></tr></table>
                <p style="margin:0 0 16px;font-size:13px;color:#4b5563">If the button does not work, copy this address into your browser:<br><a href="{href}" style="color:{Accent};word-break:break-all">{href}</a></p>
                """);
        }
        body.Append($"<p style=\"margin:0\">The {Brand} team</p>");
        var footer = content.Footer is { } f ? $"<p style=\"margin:16px 0 0;font-size:12px;color:#4b5563\">{E(f)}</p>" : "";
        return $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{E(content.Subject)}</title></head>
            <body style="margin:0;padding:0;background:#f3f4f6">
            <table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="background:#f3f4f6"><tr><td align="center" style="padding:24px 12px">
            <table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="max-width:560px;background:#ffffff;border-radius:8px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:16px;line-height:1.5;color:{Ink}">
            <tr><td style="padding:20px 24px;border-bottom:1px solid #d1d5db;font-weight:700;font-size:20px;color:{Ink}">{Brand}</td></tr>
            <tr><td style="padding:24px">{body}{footer}</td></tr>
            </table></td></tr></table>
            </body></html>
            """;
    }
}
