using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
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
/// after this (see <see cref="AccessTokenRevocation"/>), against the token's
/// <see cref="AccessTokenSubject"/>, read once when the token is cached.
/// </para>
/// <para>
/// <see cref="TryGetValidated"/> gives <see cref="RevocationCheckingJwtBearerHandler"/> the cached
/// token itself, under exactly the same conditions, so a request with a known token skips the
/// bearer handler's per-request work (a copy of the validation parameters, event contexts).
/// </para>
/// </summary>
public sealed class CachingJsonWebTokenHandler : JsonWebTokenHandler
{
    /// <summary>At most this many tokens are remembered (a few KB each), then expired ones are dropped, or all.</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, Validated> _validated = new(StringComparer.Ordinal);

    /// <summary>
    /// A token that passed the full validation. The claims are kept as validated and copied for
    /// each request (<see cref="CopyIdentity"/>: a ClaimsIdentity is mutable).
    /// </summary>
    public sealed class Validated(SecurityKey key, JsonWebToken token, ClaimsIdentity identity, DateTime usableUntilUtc, AccessTokenSubject? subject)
    {
        internal SecurityKey Key { get; } = key;
        public JsonWebToken Token { get; } = token;
        internal DateTime UsableUntilUtc { get; } = usableUntilUtc;
        /// <summary>Null when the token names no user id (nothing to check revocations against).</summary>
        public AccessTokenSubject? Subject { get; } = subject;

        public ClaimsIdentity CopyIdentity() => identity.Clone();
    }

    /// <summary>
    /// The cached validation of exactly <paramref name="token"/>, if it passed the full validation
    /// with the signing key of <paramref name="validationParameters"/> and is still within its lifetime.
    /// </summary>
    public bool TryGetValidated(string token, TokenValidationParameters validationParameters, [NotNullWhen(true)] out Validated? validated)
    {
        if (_validated.TryGetValue(token, out var known)
            && ReferenceEquals(known.Key, validationParameters.IssuerSigningKey)
            && DateTime.UtcNow <= known.UsableUntilUtc)
        {
            validated = known;
            return true;
        }
        validated = null;
        return false;
    }

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (TryGetValidated(token, validationParameters, out var known))
        {
            return new TokenValidationResult
            {
                IsValid = true,
                SecurityToken = known.Token,
                ClaimsIdentity = known.CopyIdentity(),
                Issuer = known.Token.Issuer,
                TokenType = known.Token.Typ,
            };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result is { IsValid: true, SecurityToken: JsonWebToken validated } && validationParameters.IssuerSigningKey is { } key)
        {
            if (_validated.Count >= Capacity)
                MakeRoom();
            var identity = result.ClaimsIdentity.Clone();
            _validated[token] = new Validated(key, validated, identity, validated.ValidTo + validationParameters.ClockSkew,
                AccessTokenSubject.TryRead(identity, validated, out var subject) ? subject : null);
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
