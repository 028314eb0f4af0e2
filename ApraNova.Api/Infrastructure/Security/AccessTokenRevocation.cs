using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ApraNova.Api.Infrastructure.Security;

/// <summary>
/// Access tokens are self-contained and live up to <see cref="JwtOptions.AccessTokenLifetime"/>;
/// when an account's privileges or credentials change (role change, password reset, a stolen
/// refresh token) the tokens already issued must stop working at once, on every api task.
/// A per-user "not before" instant in Redis does that: tokens issued earlier are refused. The
/// entry expires with the longest-lived token it can concern, so Redis holds only recent changes.
/// </summary>
public sealed class AccessTokenRevocation(IConnectionMultiplexer redis, IOptions<JwtOptions> jwtOptions, TimeProvider clock,
    ILogger<AccessTokenRevocation> logger)
{
    private static RedisKey Key(Guid userId) => $"apranova:auth:not-before:{userId:N}";

    /// <summary>Refuses every access token of <paramref name="userId"/> issued before now.</summary>
    public async Task RevokeIssuedBeforeNowAsync(Guid userId)
    {
        // Milliseconds, as in the token's iat_ms claim: a token issued from now on (the caller's
        // own fresh one) stays valid.
        var notBefore = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var ttl = jwtOptions.Value.AccessTokenLifetime + TimeSpan.FromMinutes(1);
        await redis.GetDatabase().StringSetAsync(Key(userId), notBefore.ToString(CultureInfo.InvariantCulture), ttl);
    }

    public async Task<bool> IsRevokedAsync(Guid userId, long issuedAtUnixMilliseconds)
    {
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(Key(userId));
            return value.HasValue && long.TryParse(value.ToString(), CultureInfo.InvariantCulture, out var notBefore)
                && issuedAtUnixMilliseconds < notBefore;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Fail open: a Redis outage must not log everyone out; tokens still expire within minutes.
            logger.LogWarning(ex, "Could not check access-token revocation for user {UserId}", userId);
            return false;
        }
    }
}
