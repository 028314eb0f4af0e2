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
    private const string Muted = EmailLayout.Muted;
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
        body.Append(EmailLayout.Paragraph([Greeting]));
        foreach (var paragraph in Paragraphs)
            body.Append(EmailLayout.Paragraph([paragraph]));

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
            body.Append(EmailLayout.Button(action));
        body.Append($"<p style=\"margin:0;\">{string.Join("<br>", Closing.ReplaceLineEndings("\n").Split('\n').Select(Encode))}</p>\n");

        return EmailLayout.Page(Subject, body.ToString());
    }

    /// <summary>A label on the left, its value on the right (figures line up as on a paper receipt).</summary>
    private static string Row(DocumentEmailRow row, string cellStyle, string labelStyle) =>
        $"<tr><td style=\"{cellStyle}{labelStyle}\">{Encode(row.Label)}</td>" +
        $"<td align=\"right\" style=\"{cellStyle}text-align:right;\">{Encode(row.Value)}</td></tr>\n";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
