using System.Net;
using System.Text;

namespace ApraNova.Api.Features.Mail;

/// <summary>
/// The HTML part of every email, from its text: one layout (inline styles and a table, which
/// mail clients render), the text's paragraphs as written, and the <see cref="EmailMessage.Action"/>
/// as a button where the text has its link (the link stays under it for clients that block
/// buttons). The text part stays the source of truth; nothing here adds or removes wording.
/// </summary>
public static class EmailLayout
{
    public const string Accent = "#4f46e5";
    public const string Muted = "#6b7280";

    /// <summary>
    /// An email composed from <see cref="EmailContent"/>: its text part written out (greeting,
    /// paragraphs, the quoted block as "> " lines, the action's link), its HTML part rendered from
    /// that text by the one layout below, with the action as the button.
    /// </summary>
    public static EmailMessage Render(string to, EmailContent content) =>
        new(to, content.Subject, Text(content))
        {
            Action = content.ActionUrl is { } url ? new EmailAction(content.ActionLabel ?? "Open", url) : null,
        };

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
        text.Append("The ApraNova").Append(" team");
        if (content.Footer is { } footer)
            text.Append("\n\n").Append(footer);
        return text.ToString();
    }


    public static string Render(EmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = new StringBuilder();
        var buttonPlaced = false;
        foreach (var paragraph in Paragraphs(message.TextBody))
        {
            var lines = paragraph.Split('\n');
            if (buttonPlaced || message.Action is not { } action || !paragraph.Contains(action.Url, StringComparison.Ordinal))
            {
                body.Append(Paragraph(lines));
                continue;
            }
            // A line that is only the link becomes the button; a sentence that holds it stays, the button follows.
            var linkLine = Array.FindIndex(lines, l => l.Trim() == action.Url);
            body.Append(Paragraph(linkLine < 0 ? lines : lines[..linkLine]));
            body.Append(Button(action));
            if (linkLine >= 0 && linkLine < lines.Length - 1)
            {
                body.Append(Paragraph(lines[(linkLine + 1)..]));
            }
            buttonPlaced = true;
        }
        if (!buttonPlaced && message.Action is { } trailing)
        {
            body.Append(Button(trailing));
        }

        return Page(message.Subject, body.ToString());
    }

    /// <summary>The house frame around an email's HTML body: every email, plain or document-like, wears it.</summary>
    public static string Page(string subject, string bodyHtml) =>
        $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{Encode(subject)}</title></head>
            <body style="margin:0;padding:0;background:#f4f4f7;">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f7;padding:24px 0;">
            <tr><td align="center">
            <table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;width:100%;background:#ffffff;border-radius:8px;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1f2937;">
            <tr><td style="padding:24px 32px 0 32px;font-size:20px;font-weight:bold;color:{Accent};">ApraNova</td></tr>
            <tr><td style="padding:16px 32px 32px 32px;">
            {bodyHtml}</td></tr>
            </table>
            </td></tr>
            </table>
            </body>
            </html>
            """;

    private static IEnumerable<string> Paragraphs(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Trim('\n'))
            .Where(p => p.Trim().Length > 0);

    /// <summary>One paragraph, its lines kept (encoded).</summary>
    public static string Paragraph(IReadOnlyCollection<string> lines) =>
        lines.Count == 0 ? "" : $"<p style=\"margin:0 0 16px 0;\">{string.Join("<br>", lines.Select(Encode))}</p>\n";

    /// <summary>The call to action as a button, with its link under it for clients that block buttons.</summary>
    public static string Button(EmailAction action)
    {
        var url = Encode(action.Url);
        return $"""
            <table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 16px 0;"><tr><td style="border-radius:6px;background:{Accent};">
            <a href="{url}" style="display:inline-block;padding:12px 24px;color:#ffffff;text-decoration:none;font-weight:bold;border-radius:6px;">{Encode(action.Label)}</a>
            </td></tr></table>
            <p style="margin:0 0 16px 0;font-size:13px;color:{Muted};">If the button does not work, open this link: <a href="{url}" style="color:{Accent};word-break:break-all;">{url}</a></p>

            """;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
