using System.Globalization;
using System.Net;
using System.Text;

namespace ApraNova.Api.Features.Mail;

/// <summary>
/// An email that reads like the document it announces (a receipt, a failed payment, a refund):
/// a few sentences, then the details (number, date, track) and the figures as a table, the
/// total on its own line, and one call to action. Both parts come from the same content: the
/// text part lists the rows as "Label: value" lines; the HTML part is a receipt-like table in the
/// house layout. Everything that comes from data (names, track titles, reasons) is HTML-encoded.
/// </summary>
/// <param name="Title">The table's title: "Receipt R-2026-000042", "Payment not completed".</param>
/// <param name="Details">Who, what and when: the number, the date, the track.</param>
/// <param name="Lines">The figures that make up the total.</param>
public sealed record DocumentEmail(
    string Subject,
    string Greeting,
    IReadOnlyList<string> Paragraphs,
    string Title,
    IReadOnlyList<DocumentEmailRow> Details,
    IReadOnlyList<DocumentEmailRow> Lines,
    DocumentEmailRow? Total,
    EmailAction? Action,
    string Closing)
{
    private const string Accent = "#4f46e5";
    private const string Muted = "#6b7280";
    private const string Line = "#e5e7eb";

    /// <summary>A date as the documents print it (UTC): 26 November 2026.</summary>
    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public EmailMessage ToMessage(string to) => new(to, Subject, Text(), Html()) { Action = Action };

    public string Text()
    {
        var text = new StringBuilder();
        text.Append(Greeting).Append("\n\n");
        foreach (var paragraph in Paragraphs)
            text.Append(paragraph).Append("\n\n");
        text.Append(Title).Append('\n');
        foreach (var row in Details.Concat(Lines))
            text.Append(row.Label).Append(": ").Append(row.Value).Append('\n');
        if (Total is { } total)
            text.Append(total.Label).Append(": ").Append(total.Value).Append('\n');
        text.Append('\n');
        if (Action is { } action)
            text.Append(action.Label).Append(": ").Append(action.Url).Append("\n\n");
        text.Append(Closing);
        return text.ToString();
    }

    public string Html()
    {
        var body = new StringBuilder();
        body.Append($"<p style=\"margin:0 0 16px 0;\">{Encode(Greeting)}</p>\n");
        foreach (var paragraph in Paragraphs)
            body.Append($"<p style=\"margin:0 0 16px 0;\">{Encode(paragraph)}</p>\n");

        body.Append($"<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"border:1px solid {Line};border-radius:6px;margin:8px 0 24px 0;border-collapse:separate;\">\n");
        body.Append($"<tr><td colspan=\"2\" style=\"padding:12px 16px;font-size:18px;font-weight:bold;border-bottom:1px solid {Line};\">{Encode(Title)}</td></tr>\n");
        foreach (var row in Details)
            body.Append(Row(row, $"padding:6px 16px;font-size:14px;", $"color:{Muted};"));
        if (Lines.Count > 0)
        {
            body.Append($"<tr><td colspan=\"2\" style=\"padding:0 16px;\"><div style=\"border-top:1px solid {Line};margin:6px 0;\"></div></td></tr>\n");
            foreach (var row in Lines)
                body.Append(Row(row, "padding:6px 16px;", ""));
        }
        if (Total is { } total)
            body.Append(Row(total, $"padding:12px 16px;font-weight:bold;font-size:18px;border-top:2px solid #1f2937;", ""));
        body.Append("</table>\n");

        if (Action is { } action)
        {
            var url = Encode(action.Url);
            body.Append($"""
                <table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 16px 0;"><tr><td style="border-radius:6px;background:{Accent};">
                <a href="{url}" style="display:inline-block;padding:12px 24px;color:#ffffff;text-decoration:none;font-weight:bold;border-radius:6px;">{Encode(action.Label)}</a>
                </td></tr></table>
                <p style="margin:0 0 16px 0;font-size:13px;color:{Muted};">If the button does not work, open this link: <a href="{url}" style="color:{Accent};word-break:break-all;">{url}</a></p>

                """);
        }
        body.Append($"<p style=\"margin:0;\">{string.Join("<br>", Closing.ReplaceLineEndings("\n").Split('\n').Select(Encode))}</p>\n");

        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{Encode(Subject)}</title></head>
            <body style="margin:0;padding:0;background:#f4f4f7;">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f7;padding:24px 0;">
            <tr><td align="center">
            <table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;width:100%;background:#ffffff;border-radius:8px;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1f2937;">
            <tr><td style="padding:24px 32px 0 32px;font-size:20px;font-weight:bold;color:{Accent};">ApraNova</td></tr>
            <tr><td style="padding:16px 32px 32px 32px;">
            {body}</td></tr>
            </table>
            </td></tr>
            </table>
            </body>
            </html>
            """;
    }

    /// <summary>A label on the left, its value on the right (figures line up as on a paper receipt).</summary>
    private static string Row(DocumentEmailRow row, string cellStyle, string labelStyle) =>
        $"<tr><td style=\"{cellStyle}{labelStyle}\">{Encode(row.Label)}</td>" +
        $"<td align=\"right\" style=\"{cellStyle}text-align:right;\">{Encode(row.Value)}</td></tr>\n";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
