namespace ApraNova.Api.Features.Auth;

/// <summary>
/// Auth: sign-up, log-in, sessions (short access tokens, rotating refresh cookies), the caller's
/// profile and passwords, under <c>/api/auth</c>. Accounts themselves belong to Users.
/// </summary>
public static class AuthFeature
{
    public static IHostApplicationBuilder AddAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<RefreshTokenService>();
        builder.Services.AddScoped<AuthSessions>();
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddSingleton<TrustedDeviceCookie>();
        builder.Services.AddSingleton<SignUpConfirmations>();
        builder.Services.AddOptions<LoginThrottleOptions>().BindConfiguration(LoginThrottleOptions.Section);
        return builder;
    }

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/auth").WithTags("Auth").MapAuthEndpoints();
        return routes;
    }
}
