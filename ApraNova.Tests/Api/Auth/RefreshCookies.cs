using ApraNova.Api.Features.Auth;

namespace ApraNova.Tests.Api.Auth;

/// <summary>The refresh cookie as a client sees it, and refreshes that present a chosen token.</summary>
internal static class RefreshCookies
{
    /// <summary>The refresh token value from a response's Set-Cookie, if one was set.</summary>
    public static string? RefreshCookieValue(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Where(cookie => cookie.StartsWith(RefreshCookie.Name + "=", StringComparison.Ordinal))
                .Select(cookie => cookie[(RefreshCookie.Name.Length + 1)..].Split(';')[0])
                .FirstOrDefault(value => value.Length > 0)
            : null;

    /// <summary>POST /api/auth/refresh presenting exactly <paramref name="refreshToken"/> (no cookie jar).</summary>
    public static async Task<HttpResponseMessage> RefreshWithAsync(HttpClient clientWithoutCookies, string refreshToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/refresh");
        request.Headers.Add("Cookie", $"{RefreshCookie.Name}={refreshToken}");
        return await clientWithoutCookies.SendAsync(request);
    }
}
