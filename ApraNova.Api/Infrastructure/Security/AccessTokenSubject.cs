using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;

namespace ApraNova.Api.Infrastructure.Security;

/// <summary>
/// Whose a validated access token is and when it was issued: what <see cref="AccessTokenRevocation"/>
/// judges. Read once per token by <see cref="CachingJsonWebTokenHandler"/> (kept with the cached
/// token) and by <see cref="RevocationCheckingJwtBearerHandler"/> for a token validated in full.
/// </summary>
public readonly record struct AccessTokenSubject(Guid UserId, long IssuedAtUnixMilliseconds)
{
    /// <summary>
    /// The <c>sub</c> claim as a user id and the issue instant in milliseconds: the <c>iat_ms</c>
    /// claim, else the token's not-before instant. False when <c>sub</c> is not a user id (no
    /// account whose revocations could concern it).
    /// </summary>
    public static bool TryRead(ClaimsIdentity? identity, SecurityToken token, out AccessTokenSubject subject)
    {
        var issuedAt = long.TryParse(identity?.FindFirst(AccessTokenIssuer.IssuedAtMillisecondsClaim)?.Value, NumberStyles.Integer,
                CultureInfo.InvariantCulture, out var milliseconds)
            ? milliseconds
            : new DateTimeOffset(DateTime.SpecifyKind(token.ValidFrom, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
        if (Guid.TryParse(identity?.FindFirst("sub")?.Value, out var userId))
        {
            subject = new AccessTokenSubject(userId, issuedAt);
            return true;
        }
        subject = default;
        return false;
    }
}
