using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace ApraNova.Api.Features.Auth;

/// <summary>
/// Remembers, in the browser, the account that last logged in (or reset its password) there: a
/// device the owner used before may keep trying while <see cref="LoginThrottle"/> holds off
/// everybody else. The value is the account's key protected with the api's data-protection keys
/// (shared by every task through Redis), so it cannot be forged or moved to another account.
/// httpOnly, SameSite=Strict, Path=/api/auth like the refresh cookie; it grants nothing but the
/// right to try a password.
/// </summary>
public sealed class TrustedDeviceCookie(IDataProtectionProvider dataProtection, IHostEnvironment environment, TimeProvider clock)
{
    public const string Name = "apranova_device";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    private readonly IDataProtector protector = dataProtection.CreateProtector("ApraNova.Auth.TrustedDevice.v1");

    public bool IsTrustedFor(HttpContext httpContext, string email)
    {
        if (!httpContext.Request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value))
            return false;
        try
        {
            return protector.Unprotect(value) == LoginThrottle.AccountKey(email);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return false; // forged, truncated, or protected with a key that is gone
        }
    }

    public void Remember(HttpContext httpContext, string email) =>
        httpContext.Response.Cookies.Append(Name, protector.Protect(LoginThrottle.AccountKey(email)), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = RefreshCookie.Path,
            Secure = !environment.IsDevelopment(),
            Expires = clock.GetUtcNow().Add(Lifetime),
            IsEssential = true,
        });
}
