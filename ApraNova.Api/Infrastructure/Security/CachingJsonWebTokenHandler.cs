using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ApraNova.Api.Infrastructure.Security;

/// <summary>
/// Validates each access token once, not on every request: a browser sends the same token for up
/// to its 15 minutes, and parsing it, checking its signature and building its claims was the
/// largest share of an authenticated request's CPU after the network (perf, GET /api/dashboard).
/// <para>
/// A token string is answered from memory only if exactly that string passed the full
/// validation before, with the same signing key object, and is still within its lifetime (its
/// expiry plus the allowed clock skew, as the full validation would judge it). Anything else,
/// including any change of the key, goes through <see cref="JsonWebTokenHandler"/>. Each request
/// gets its own copy of the claims. Revocation is not cached: it is checked on every request
/// after this (see <see cref="AccessTokenRevocation"/>).
/// </para>
/// </summary>
public sealed class CachingJsonWebTokenHandler : JsonWebTokenHandler
{
    /// <summary>At most this many tokens are remembered (a few KB each), then expired ones are dropped, or all.</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, Validated> _validated = new(StringComparer.Ordinal);

    // The claims are kept as validated and copied for each request (a ClaimsIdentity is mutable).
    private sealed record Validated(SecurityKey Key, JsonWebToken Token, ClaimsIdentity Identity, DateTime UsableUntilUtc);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_validated.TryGetValue(token, out var known)
            && ReferenceEquals(known.Key, validationParameters.IssuerSigningKey)
            && DateTime.UtcNow <= known.UsableUntilUtc)
        {
            return new TokenValidationResult
            {
                IsValid = true,
                SecurityToken = known.Token,
                ClaimsIdentity = known.Identity.Clone(),
                Issuer = known.Token.Issuer,
                TokenType = known.Token.Typ,
            };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result is { IsValid: true, SecurityToken: JsonWebToken validated } && validationParameters.IssuerSigningKey is { } key)
        {
            if (_validated.Count >= Capacity)
                MakeRoom();
            _validated[token] = new Validated(key, validated, result.ClaimsIdentity.Clone(),
                validated.ValidTo + validationParameters.ClockSkew);
        }
        return result;
    }

    private void MakeRoom()
    {
        var now = DateTime.UtcNow;
        foreach (var (token, validated) in _validated)
        {
            if (validated.UsableUntilUtc < now)
                _validated.TryRemove(token, out _);
        }
        if (_validated.Count >= Capacity)
            _validated.Clear();
    }
}
