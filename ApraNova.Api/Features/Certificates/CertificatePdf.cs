using ApraNova.Api.Infrastructure.Pdf;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ApraNova.Api.Features.Certificates;

/// <summary>A certificate as a one-page A4 landscape PDF: who, which track, when, and how to verify it.</summary>
public static class CertificatePdf
{
    private static readonly XColor Ink = XColor.FromArgb(0x14, 0x21, 0x3d);
    private static readonly XColor Accent = XColor.FromArgb(0x1d, 0x4e, 0xd8);
    private static readonly XColor Muted = XColor.FromArgb(0x4b, 0x55, 0x63);

    public static byte[] Render(CertificateView certificate)
    {
        PdfFonts.Install();
        var document = new PdfDocument();
        document.Info.Title = $"ApraNova certificate: {certificate.StudentName}, {certificate.TrackName}";
        document.Info.Author = "ApraNova";
        document.Info.Subject = $"Verification code {certificate.VerificationCode}";

        var page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Landscape;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var width = page.Width.Point;
            var height = page.Height.Point;
            gfx.DrawRectangle(new XPen(Accent, 6), 24, 24, width - 48, height - 48);
            gfx.DrawRectangle(new XPen(Ink, 1), 36, 36, width - 72, height - 72);

            void Line(string text, double size, bool bold, XColor color, double y) =>
                gfx.DrawString(text, new XFont("DejaVu Sans", size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular),
                    new XSolidBrush(color), new XRect(60, y, width - 120, size * 1.6), XStringFormats.Center);

            Line("ApraNova", 22, true, Accent, 70);
            Line("Certificate of completion", 30, true, Ink, 130);
            Line("This certifies that", 14, false, Muted, 200);
            Line(Fit(certificate.StudentName, 60), 34, true, Ink, 235);
            Line("completed every project of the track", 14, false, Muted, 305);
            Line(Fit(certificate.TrackName, 70), 24, true, Ink, 335);
            Line("each reviewed and approved by a trainer.", 14, false, Muted, 380);
            Line($"Issued {certificate.IssuedAt.UtcDateTime:d MMMM yyyy}", 13, false, Ink, 440);
            Line($"Verification code {certificate.VerificationCode}", 13, true, Ink, 465);
            Line($"Verify at {certificate.VerifyUrl}", 10, false, Muted, 490);
        }
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static string Fit(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
