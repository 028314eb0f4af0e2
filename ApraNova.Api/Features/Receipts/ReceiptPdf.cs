using ApraNova.Api.Infrastructure.Pdf;
using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ApraNova.Api.Features.Receipts;

/// <summary>Draws a <see cref="Receipt"/> (or credit note) on one A4 page with PDFsharp.</summary>
public static class ReceiptPdf
{
    private const double Left = 56;
    private const double Right = 539; // A4 width 595 pt minus the margin

    /// <param name="paidAt">When the payment was received (printed as the payment date).</param>
    /// <param name="refersTo">For a credit note: the number of the receipt it cancels.</param>
    public static byte[] Render(Receipt receipt, DateTimeOffset? paidAt, string? refersTo)
    {
        PdfFonts.Install();
        var creditNote = receipt.Kind == ReceiptKind.CreditNote;
        var title = creditNote ? "Credit note" : "Receipt";
        using var document = new PdfDocument();
        document.Info.Title = $"{title} {receipt.Number}";
        document.Info.Subject = $"{receipt.Description}: {Money(receipt.TotalCents, receipt.Currency, creditNote)}";
        document.Info.Author = receipt.SellerName;
        var page = document.AddPage();
        page.Size = PageSize.A4;
        using var gfx = XGraphics.FromPdfPage(page);

        var heading = new XFont(PdfFonts.Family, 22, XFontStyleEx.Bold);
        var bold = new XFont(PdfFonts.Family, 10, XFontStyleEx.Bold);
        var text = new XFont(PdfFonts.Family, 10, XFontStyleEx.Regular);
        var small = new XFont(PdfFonts.Family, 8, XFontStyleEx.Regular);
        var ink = XBrushes.Black;
        var muted = new XSolidBrush(XColor.FromArgb(75, 85, 99));

        gfx.DrawString(title, heading, ink, Left, 72);
        var y = 100.0;
        foreach (var (label, value) in new (string, string?)[]
                 {
                     ("Number", receipt.Number),
                     ("Date of issue", Date(receipt.IssuedAt)),
                     ("Payment date", paidAt is { } paid ? Date(paid) : null),
                     ("Cancels receipt", creditNote ? refersTo : null),
                     ("Payment reference", receipt.PaymentId.ToString()),
                 })
        {
            if (value is null) continue;
            gfx.DrawString(label, bold, ink, Left, y);
            gfx.DrawString(value, text, ink, Left + 120, y);
            y += 15;
        }

        // Seller (left) and buyer (right).
        y += 15;
        var blockTop = y;
        gfx.DrawString("From", bold, muted, Left, y);
        y += 15;
        foreach (var line in new[] { receipt.SellerName }.Concat(Lines(receipt.SellerAddress))
                     .Concat(receipt.SellerTaxId is { Length: > 0 } taxId ? [$"{receipt.TaxLabel} ID: {taxId}"] : [])
                     .Concat(receipt.SellerEmail is { Length: > 0 } email ? [email] : []))
        {
            gfx.DrawString(line, text, ink, Left, y);
            y += 13;
        }
        var buyerY = blockTop;
        gfx.DrawString(creditNote ? "Credited to" : "Billed to", bold, muted, 320, buyerY);
        buyerY += 15;
        foreach (var line in new[] { receipt.BuyerName, receipt.BuyerEmail }.Where(l => l.Length > 0))
        {
            gfx.DrawString(line, text, ink, 320, buyerY);
            buyerY += 13;
        }

        // The line and the totals.
        y = Math.Max(y, buyerY) + 25;
        gfx.DrawLine(XPens.Gray, Left, y, Right, y);
        y += 15;
        gfx.DrawString("Description", bold, ink, Left, y);
        DrawRight(gfx, "Amount", bold, ink, y);
        y += 18;
        gfx.DrawString(receipt.Description, text, ink, Left, y);
        DrawRight(gfx, Money(receipt.TotalCents, receipt.Currency, creditNote), text, ink, y);
        y += 12;
        gfx.DrawLine(XPens.Gray, Left, y, Right, y);
        y += 18;
        foreach (var (label, cents, font) in new (string, long, XFont)[]
                 {
                     ("Net", receipt.NetCents, text),
                     ($"{receipt.TaxLabel} {receipt.TaxRatePercent.ToString("0.##", CultureInfo.InvariantCulture)}%", receipt.TaxCents, text),
                     (creditNote ? "Total credited" : "Total paid", receipt.TotalCents, bold),
                 })
        {
            gfx.DrawString(label, font, ink, 340, y);
            DrawRight(gfx, Money(cents, receipt.Currency, creditNote), font, ink, y);
            y += 16;
        }

        y += 30;
        var note = creditNote
            ? $"This credit note cancels receipt {refersTo}: the amount was refunded to the card used for the payment."
            : "Paid by card through Stripe. Prices include tax where tax applies.";
        gfx.DrawString(note, small, muted, Left, y);

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void DrawRight(XGraphics gfx, string value, XFont font, XBrush brush, double y) =>
        gfx.DrawString(value, font, brush, Right - gfx.MeasureString(value, font).Width, y);

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public static string Money(long cents, string currency, bool negative = false) =>
        $"{(negative ? "-" : "")}{(cents / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture)} {currency.ToUpperInvariant()}";
}
