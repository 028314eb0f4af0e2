using System.Security.Cryptography;

namespace ApraNova.Api.Features.Certificates;

/// <summary>Verification codes: <c>APN-XXXX-XXXX</c> from an alphabet without look-alikes (no 0/O, 1/I/L), 40 random bits.</summary>
public static class CertificateCodes
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public static string New()
    {
        Span<char> chars = stackalloc char[8];
        for (var i = 0; i < chars.Length; i++)
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return $"APN-{chars[..4]}-{chars[4..]}";
    }

    /// <summary>What a person typed, the way codes are stored: upper-case, trimmed.</summary>
    public static string Normalize(string code) => code.Trim().ToUpperInvariant();
}
