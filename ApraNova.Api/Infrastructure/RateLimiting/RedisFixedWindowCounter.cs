using StackExchange.Redis;

namespace ApraNova.Api.Infrastructure.RateLimiting;

/// <summary>The outcome of one hit on a counter.</summary>
public readonly record struct RateLimitDecision(bool Allowed, long Count, TimeSpan RetryAfter);

/// <summary>
/// A fixed-window counter in Redis: <c>INCR</c> the window's key, give it a TTL on the first
/// hit. Every api task shares the same counters, so a client cannot multiply its allowance by
/// landing on different tasks. Done in one Lua script so the TTL is never missed (a crash
/// between INCR and EXPIRE would otherwise leave a counter that never resets).
/// </summary>
public sealed class RedisFixedWindowCounter(IConnectionMultiplexer redis, ILogger<RedisFixedWindowCounter> logger)
{
    private const string KeyPrefix = "apranova:ratelimit:";

    private static readonly LuaScript HitScript = LuaScript.Prepare("""
        local count = redis.call('INCR', @key)
        if count == 1 then
            redis.call('PEXPIRE', @key, @windowMs)
        end
        local ttl = redis.call('PTTL', @key)
        if ttl < 0 then
            redis.call('PEXPIRE', @key, @windowMs)
            ttl = tonumber(@windowMs)
        end
        return { count, ttl }
        """);

    /// <summary>Deletes a counter (its window starts afresh with the next hit).</summary>
    public async Task ResetAsync(string key)
    {
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(KeyPrefix + key);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Rate-limit counter unavailable; could not reset {Key}", key);
        }
    }

    public async Task<RateLimitDecision> HitAsync(string key, int permitLimit, TimeSpan window)
    {
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(HitScript, new
            {
                key = (RedisKey)(KeyPrefix + key),
                windowMs = (long)window.TotalMilliseconds,
            }))!;
            var count = (long)result[0];
            var ttl = TimeSpan.FromMilliseconds((long)result[1]);
            return new RateLimitDecision(count <= permitLimit, count, count <= permitLimit ? TimeSpan.Zero : ttl);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Fail open: with Redis down, refusing every log-in would turn a cache outage into a
            // full outage. Lockout (in PostgreSQL) still stops password guessing per account.
            logger.LogWarning(ex, "Rate-limit counter unavailable; allowing the request");
            return new RateLimitDecision(true, 0, TimeSpan.Zero);
        }
    }
}
