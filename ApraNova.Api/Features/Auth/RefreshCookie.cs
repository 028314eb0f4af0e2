namespace ApraNova.Api.Features.Auth;

/// <summary>
/// The refresh token travels only in this cookie: httpOnly (no script reads it), SameSite=Strict
/// (no cross-site request carries it), Path=/api/auth (sent to the auth routes and nowhere
/// else), Secure everywhere but Development (plain http on localhost).
/// </summary>
public static class RefreshCookie
{
    public const string Name = "apranova_refresh";
    public const string Path = "/api/auth";

    public static string? Read(HttpContext httpContext) =>
        httpContext.Request.Cookies.TryGetValue(Name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    public static void Write(HttpContext httpContext, string token, DateTimeOffset expiresAt) =>
        httpContext.Response.Cookies.Append(Name, token, Options(httpContext, expiresAt));

    public static void Delete(HttpContext httpContext) =>
        httpContext.Response.Cookies.Delete(Name, Options(httpContext, expires: null));

    private static CookieOptions Options(HttpContext httpContext, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Path = Path,
        Secure = !httpContext.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment(),
        Expires = expires,
        IsEssential = true,
    };
}
