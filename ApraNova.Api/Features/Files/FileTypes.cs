using ApraNova.Api.Infrastructure.Http;
using Microsoft.Net.Http.Headers;

namespace ApraNova.Api.Features.Files;

/// <summary>
/// The allow-list of uploadable files. A file must pass three checks: its extension is listed,
/// the content type the client declared is one accepted for that extension, and (for binary
/// formats) its first bytes carry the format's signature. The stored and served content type
/// is the canonical one for the extension, never the client's.
/// </summary>
public static class FileTypes
{
    public sealed record FileType(string Extension, string ContentType, string[] AcceptedContentTypes, Func<ReadOnlyMemory<byte>, bool> Signature);

    private static readonly Func<ReadOnlyMemory<byte>, bool> Any = _ => true;

    private static readonly FileType[] Types =
    [
        new(".pdf", "application/pdf", ["application/pdf"], h => StartsWith(h, "%PDF-"u8)),
        new(".zip", "application/zip", ["application/zip", "application/x-zip-compressed", "application/x-zip"],
            h => StartsWith(h, [0x50, 0x4B, 0x03, 0x04]) || StartsWith(h, [0x50, 0x4B, 0x05, 0x06])),
        new(".png", "image/png", ["image/png"], h => StartsWith(h, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])),
        new(".jpg", "image/jpeg", ["image/jpeg", "image/pjpeg"], h => StartsWith(h, [0xFF, 0xD8, 0xFF])),
        new(".jpeg", "image/jpeg", ["image/jpeg", "image/pjpeg"], h => StartsWith(h, [0xFF, 0xD8, 0xFF])),
        new(".txt", "text/plain", ["text/plain"], Any),
        // Browsers often do not know .md/.ipynb/.csv and send octet-stream (or Excel's type for csv).
        new(".md", "text/markdown", ["text/markdown", "text/x-markdown", "text/plain", "application/octet-stream"], Any),
        new(".csv", "text/csv", ["text/csv", "application/csv", "application/vnd.ms-excel", "text/plain", "application/octet-stream"], Any),
        new(".ipynb", "application/x-ipynb+json", ["application/x-ipynb+json", "application/json", "application/octet-stream"],
            h => h.Span.TrimStart("\uFEFF"u8).TrimStart(" \t\r\n"u8) is { Length: > 0 } json && json[0] == (byte)'{'),
    ];

    public const int MaxNameLength = 255;

    public static IReadOnlyList<string> Extensions { get; } = [.. Types.Select(t => t.Extension)];

    /// <summary>The type for a (sanitised) file name and declared content type, or null when not allowed.</summary>
    public static FileType? Match(string fileName, string? declaredContentType)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var type = Types.FirstOrDefault(t => t.Extension == extension);
        if (type is null)
            return null;
        if (!MediaTypeHeaderValue.TryParse(declaredContentType, out var declared))
            return null;
        return type.AcceptedContentTypes.Contains(declared.MediaType.Value?.ToLowerInvariant()) ? type : null;
    }

    /// <summary>
    /// The client's file name made safe to keep and to echo in Content-Disposition: the last
    /// path segment only (both separators), no control characters or quotes, at most 255 chars.
    /// It is only ever a display name; the store uses random names.
    /// </summary>
    public static string SanitizeName(string? fileName)
    {
        var name = StorableText.Clean(fileName ?? "");
        var lastSeparator = name.LastIndexOfAny(['/', '\\']);
        if (lastSeparator >= 0)
            name = name[(lastSeparator + 1)..];
        name = new string([.. name.Where(c => !char.IsControl(c) && c is not ('"' or ':' or '*' or '?' or '<' or '>' or '|'))]).Trim().Trim('.').Trim();
        if (name.Length > MaxNameLength)
        {
            // Cut on a character boundary: half of a surrogate pair is not storable text.
            var extension = Path.GetExtension(name);
            name = extension.Length < 20
                ? StorableText.Truncate(name, MaxNameLength - extension.Length) + extension
                : StorableText.Truncate(name, MaxNameLength);
        }
        return name;
    }

    private static bool StartsWith(ReadOnlyMemory<byte> head, ReadOnlySpan<byte> signature) => head.Span.StartsWith(signature);
}
