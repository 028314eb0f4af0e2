using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ApraNova.Api.Features.Auth;

/// <summary>
/// Slows password guessing without handing anyone a way to lock the owner out. Account lockout
/// (refusing even the right password after N failures) lets any stranger shut any account,
/// the published admin email first; instead:
/// <list type="bullet">
/// <item>Only failures count. An attempt reserves a failure before the password is checked (so a
/// burst of parallel guesses cannot all slip in under the limit) and a success gives it back.</item>
/// <item>Per account and client address: after <see cref="LoginThrottleOptions.FreeFailuresPerClient"/>
/// failures that address waits, longer with every failure; after the wait its correct password passes.
/// Another address (the owner's) is not affected.</item>
/// <item>Per account, all addresses: past <see cref="LoginThrottleOptions.AccountFailureLimit"/>
/// failures only devices that logged in to the account before (<see cref="TrustedDeviceCookie"/>)
/// may try; everyone else, the owner on a new device included, waits or resets the password.</item>
/// <item>A password reset clears the account's counters.</item>
/// </list>
/// Counters are keyed by the email, whether or not it has an account, so answers never tell
/// which emails exist. They live in Redis, shared by every api task; when Redis is unreachable
/// the throttle lets attempts through (as the rate limits do) rather than refuse every log-in.
/// </summary>
public sealed class LoginThrottle(
    IConnectionMultiplexer redis, IOptionsMonitor<LoginThrottleOptions> options, TimeProvider clock, ILogger<LoginThrottle> logger)
{
    private const string KeyPrefix = "apranova:login-throttle:";

    public enum Verdict
    {
        Allowed,
        /// <summary>This address failed too often against this account: it waits.</summary>
        ClientMustWait,
        /// <summary>Too many failures from everywhere: only known devices may try.</summary>
        AccountProtected,
    }

    public readonly record struct Decision(Verdict Verdict, TimeSpan RetryAfter);

    // KEYS[1]: the account's hash. ARGV: client field, now (ms), free failures, base delay (ms),
    // max delay (ms), account limit, failure window (ms), protection (ms), trusted device (1/0).
    // Returns {verdict, retry-after ms}. A client's field is "<failures>:<last failure ms>".
    private static readonly LuaScript BeginScript = LuaScript.Prepare("""
        local now = tonumber(@now)
        local window = tonumber(@windowMs)
        local maxDelay = tonumber(@maxDelayMs)
        local free = tonumber(@freeFailures)
        local limit = tonumber(@accountLimit)
        local protection = tonumber(@protectionMs)

        local total = tonumber(redis.call('HGET', @key, 'total') or '0')
        local totalAt = tonumber(redis.call('HGET', @key, 'total-at') or '0')
        local forgetTotalAfter = window
        if total >= limit then forgetTotalAfter = protection end
        if now - totalAt > forgetTotalAfter then total = 0 end

        local count, at = 0, 0
        local client = redis.call('HGET', @key, @client)
        if client then
            local separator = string.find(client, ':', 1, true)
            count = tonumber(string.sub(client, 1, separator - 1))
            at = tonumber(string.sub(client, separator + 1))
            if now - at > math.max(window, maxDelay) then count = 0 end
        end

        if count >= free then
            local delay = math.min(tonumber(@baseDelayMs) * 2 ^ (count - free), maxDelay)
            if now < at + delay then return { 1, math.ceil(at + delay - now) } end
        end
        if total >= limit and @trusted ~= '1' then
            return { 2, math.ceil(totalAt + protection - now) }
        end

        redis.call('HSET', @key, @client, tostring(count + 1) .. ':' .. @now, 'total', tostring(total + 1), 'total-at', @now)
        redis.call('PEXPIRE', @key, math.max(window, maxDelay, protection))
        return { 0, 0 }
        """);

    // A success: this client's failures are forgotten and the reserved failure is given back.
    private static readonly LuaScript SucceededScript = LuaScript.Prepare("""
        redis.call('HDEL', @key, @client)
        local total = tonumber(redis.call('HGET', @key, 'total') or '0')
        if total > 0 then redis.call('HSET', @key, 'total', tostring(total - 1)) end
        return 0
        """);

    /// <summary>
    /// Decides whether <paramref name="clientAddress"/> may try a password for <paramref name="email"/>
    /// now; when allowed, the attempt counts as a failure until <see cref="SucceededAsync"/>.
    /// </summary>
    public async Task<Decision> BeginAttemptAsync(string email, string clientAddress, bool fromTrustedDevice)
    {
        var settings = options.CurrentValue;
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(BeginScript, new
            {
                key = Key(email),
                client = ClientField(clientAddress),
                now = clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                freeFailures = settings.FreeFailuresPerClient,
                baseDelayMs = (long)settings.BaseDelay.TotalMilliseconds,
                maxDelayMs = (long)settings.MaxDelay.TotalMilliseconds,
                accountLimit = settings.AccountFailureLimit,
                windowMs = (long)settings.FailureWindow.TotalMilliseconds,
                protectionMs = (long)settings.AccountProtection.TotalMilliseconds,
                trusted = fromTrustedDevice ? "1" : "0",
            }))!;
            var verdict = (Verdict)(int)result[0];
            return new Decision(verdict, TimeSpan.FromMilliseconds(Math.Max(1000, (long)result[1])));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Log-in throttle unavailable; allowing the attempt");
            return new Decision(Verdict.Allowed, TimeSpan.Zero);
        }
    }

    /// <summary>The password was right: this client's failures are forgotten, the reserved failure given back.</summary>
    public Task SucceededAsync(string email, string clientAddress) =>
        RunQuietlyAsync(db => db.ScriptEvaluateAsync(SucceededScript, new { key = Key(email), client = ClientField(clientAddress) }));

    /// <summary>Forgets every failure against the account (after a password reset proved the owner).</summary>
    public Task ClearAsync(string email) => RunQuietlyAsync(db => db.KeyDeleteAsync(Key(email)));

    /// <summary>The account part of every key and of trusted-device cookies: no email in clear.</summary>
    public static string AccountKey(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToUpperInvariant())))[..32];

    private static RedisKey Key(string email) => KeyPrefix + AccountKey(email);

    private static string ClientField(string clientAddress) => "client:" + clientAddress;

    private async Task RunQuietlyAsync(Func<IDatabase, Task> work)
    {
        try
        {
            await work(redis.GetDatabase());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Log-in throttle unavailable; counters not updated");
        }
    }
}
