using System.Reflection;
using PdfSharp.Fonts;

namespace ApraNova.Api.Infrastructure.Pdf;

/// <summary>
/// The fonts of every PDF the api writes (certificates, receipts), shipped inside the api (DejaVu
/// Sans, regular and bold; licence in Fonts/LICENSE-DejaVu.txt): the container image has no system
/// fonts, and DejaVu covers the scripts people's names come in far beyond Latin. Every family name
/// resolves to it. PDFsharp's resolver is one global setting, so there is exactly one.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    /// <summary>The family to ask for (any name resolves to DejaVu Sans).</summary>
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";
    private static readonly Lock Gate = new();
    private static bool installed;

    /// <summary>Installs the resolver once per process (PDFsharp's setting is global and may be set only once).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (installed)
                return;
            GlobalFontSettings.FontResolver = new PdfFonts();
            installed = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular);

    public byte[]? GetFont(string faceName)
    {
        var name = $"{typeof(PdfFonts).Namespace}.Fonts.{faceName}.ttf";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Font resource {name} is missing from the api assembly.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
