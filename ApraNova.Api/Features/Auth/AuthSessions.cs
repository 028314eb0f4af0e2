using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Security;

namespace ApraNova.Api.Features.Auth;

/// <summary>Starts a session: an access token in the response body, a refresh token in the cookie.</summary>
public sealed class AuthSessions(Data.ApraNovaDbContext db, AccessTokenIssuer accessTokens, RefreshTokenService refreshTokens)
{
    public async Task<AuthResponse> StartAsync(HttpContext httpContext, ApplicationUser user, string role, CancellationToken cancellationToken)
    {
        var (refreshToken, entity) = refreshTokens.Add(user.Id);
        await db.SaveChangesAsync(cancellationToken);
        RefreshCookie.Write(httpContext, refreshToken, entity.ExpiresAt);
        return Respond(user, role);
    }

    public AuthResponse Respond(ApplicationUser user, string role)
    {
        var (accessToken, expiresAt) = accessTokens.Issue(user, role);
        return new AuthResponse(accessToken, expiresAt, ToDto(user, role));
    }

    public static UserDto ToDto(ApplicationUser user, string role) => new(user.Id, user.Email ?? "", user.FullName, role);
}
