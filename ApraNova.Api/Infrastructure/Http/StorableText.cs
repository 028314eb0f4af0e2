using System.Text;

namespace ApraNova.Api.Infrastructure.Http;

/// <summary>
/// The api's one rule for text from clients: it must be text PostgreSQL can store, so no U+0000
/// (NUL), and text at all, so no unpaired UTF-16 surrogates (they have no UTF-8 form). Enforced for
/// every request at the boundary by <see cref="StorableTextMiddleware"/> (JSON bodies, query
/// strings, route values), except Stripe's webhooks, which keep what they store through
/// <see cref="Clean"/>; text the api shortens itself is cut with <see cref="Truncate"/>, which
/// never splits a character.
/// </summary>
public static class StorableText
{
    public const string Message = "The text contains a character that cannot be stored (U+0000 or an unpaired UTF-16 surrogate).";

    public static bool IsStorable(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
                return false;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                    return false;
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Drops what <see cref="IsStorable"/> refuses (for text the api keeps but may clean, e.g. file names).</summary>
    public static string Clean(string text)
    {
        if (IsStorable(text))
            return text;
        var builder = new StringBuilder(text.Length);
        foreach (var rune in EnumerateValidRunes(text))
        {
            if (rune.Value != 0)
                builder.Append(rune.ToString());
        }
        return builder.ToString();
    }

    /// <summary>At most <paramref name="maxLength"/> UTF-16 units, cut before a character rather than inside it.</summary>
    public static string Truncate(string text, int maxLength)
    {
        if (text.Length <= maxLength)
            return text;
        var cut = maxLength;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
            cut--;
        return text[..cut];
    }

    private static IEnumerable<Rune> EnumerateValidRunes(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
                yield return rune;
            i += consumed;
        }
    }
}
