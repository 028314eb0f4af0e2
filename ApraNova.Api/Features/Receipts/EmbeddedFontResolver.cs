using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace ApraNova.Api.Features.Receipts;

/// <summary>
/// Gives PDFsharp the font embedded in this assembly (DejaVu Sans, <c>Fonts/</c>) for every
/// request: the api runs in containers without system fonts, and a receipt must render the same
/// everywhere. Bold is simulated by PDFsharp.
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Face = "DejaVuSans";
    private static readonly Lazy<byte[]> Bytes = new(() =>
    {
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream($"ApraNova.Api.Fonts.{Face}.ttf")
            ?? throw new InvalidOperationException($"The embedded font {Face}.ttf is missing from the api assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    private static readonly Lock Gate = new();

    /// <summary>Installs this resolver for the process (PDFsharp's font settings are global), once.</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not EmbeddedFontResolver)
                GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(Face, bold ? XStyleSimulations.BoldSimulation : XStyleSimulations.None);

    public byte[] GetFont(string faceName) => Bytes.Value;
}
