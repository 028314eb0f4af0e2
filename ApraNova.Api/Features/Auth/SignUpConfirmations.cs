using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace ApraNova.Api.Features.Auth;

/// <summary>
/// A sign-up waiting for its email to be confirmed, carried by the link itself: the email, the
/// name and the password's hash (never the password), protected with the api's data-protection
/// keys (shared by every task through Redis) and valid for <see cref="Lifetime"/>. Nothing is
/// stored until the link is followed, so a sign-up neither tells whether an account exists nor
/// lets anyone reserve someone else's address.
/// </summary>
public sealed class SignUpConfirmations(IDataProtectionProvider dataProtection)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private readonly ITimeLimitedDataProtector protector =
        dataProtection.CreateProtector("ApraNova.Auth.SignUpConfirmation.v1").ToTimeLimitedDataProtector();

    public sealed record Pending(string Email, string FullName, string PasswordHash);

    public string Create(Pending pending) => protector.Protect(JsonSerializer.Serialize(pending), Lifetime);

    /// <returns>The sign-up, or null when the token is forged, damaged or expired.</returns>
    public Pending? Read(string token)
    {
        try
        {
            return JsonSerializer.Deserialize<Pending>(protector.Unprotect(token));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
    }
}
