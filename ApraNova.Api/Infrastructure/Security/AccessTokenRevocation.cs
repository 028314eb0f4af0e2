using System.Collections.Concurrent;
using System.Globalization;
using ApraNova.Api.Infrastructure.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ApraNova.Api.Infrastructure.Security;

/// <summary>
/// Access tokens are self-contained and live up to <see cref="JwtOptions.AccessTokenLifetime"/>;
/// when an account's privileges or credentials change (role change, password reset, a stolen
/// refresh token) the tokens already issued must stop working at once, on every api task.
/// A per-user "not before" instant does that: tokens issued earlier are refused.
/// <para>
/// The instants are stored in Redis (<c>apranova:auth:not-before:{user}</c>, expiring with the
/// longest-lived token they can concern) and pushed: a revocation is published on
/// <c>apranova:auth:revocations</c>, and every task keeps the recent ones in memory. While that
/// channel is live (proven, see <see cref="RedisPushChannel"/>; on (re)joining, the task first
/// reads every stored instant) a request is checked in memory, without a round trip.
/// </para>
/// <para>
/// When the channel is not live, a request is checked against Redis as well (a round trip, as
/// before pushes). If Redis cannot be asked either, the check fails OPEN for revocations this task
/// has not heard of: refusing every token during a cache outage would log every user out, and a
/// missed revocation is bounded by the token lifetime (15 minutes). Revocations this task already
/// knows are still enforced, and the revoking request itself fails when Redis cannot store it.
/// </para>
/// </summary>
public sealed class AccessTokenRevocation
{
    private const string KeyPrefix = "apranova:auth:not-before:";
    private const string ChannelName = "apranova:auth:revocations";

    private readonly IConnectionMultiplexer _redis;
    private readonly IOptions<JwtOptions> _jwtOptions;
    private readonly TimeProvider _clock;
    private readonly ILogger<AccessTokenRevocation> _logger;
    // User id -> not-before instant (Unix milliseconds), the latest heard of.
    private readonly ConcurrentDictionary<Guid, long> _notBefore = new();
    private long _nextPurge;

    public AccessTokenRevocation(IConnectionMultiplexer redis, IOptions<JwtOptions> jwtOptions, TimeProvider clock,
        ILogger<AccessTokenRevocation> logger)
    {
        _redis = redis;
        _jwtOptions = jwtOptions;
        _clock = clock;
        _logger = logger;
        Pushes = new RedisPushChannel(redis, ChannelName, OnPushed, ResyncAsync, PushChannelTiming.Default, logger);
    }

    /// <summary>The channel revocations arrive on (a hosted service: it listens while the api runs).</summary>
    public RedisPushChannel Pushes { get; }

    private static RedisKey Key(Guid userId) => $"{KeyPrefix}{userId:N}";

    /// <summary>How long a revocation matters: a token issued just before it lives this long.</summary>
    private TimeSpan Relevance => _jwtOptions.Value.AccessTokenLifetime + TimeSpan.FromMinutes(1);

    /// <summary>Refuses every access token of <paramref name="userId"/> issued before now.</summary>
    public async Task RevokeIssuedBeforeNowAsync(Guid userId)
    {
        // Milliseconds, as in the token's iat_ms claim: a token issued from now on (the caller's
        // own fresh one) stays valid.
        var notBefore = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var value = notBefore.ToString(CultureInfo.InvariantCulture);
        // Stored first (tasks that join later, or are not live, read it), then known here at once,
        // then pushed to the other tasks.
        await _redis.GetDatabase().StringSetAsync(Key(userId), value, Relevance);
        Remember(userId, notBefore);
        await Pushes.PublishAsync($"{userId:N} {value}");
    }

    /// <summary>Whether a token of <paramref name="userId"/> issued at <paramref name="issuedAtUnixMilliseconds"/> is revoked.</summary>
    public ValueTask<bool> IsRevokedAsync(Guid userId, long issuedAtUnixMilliseconds)
    {
        if (_notBefore.TryGetValue(userId, out var notBefore) && issuedAtUnixMilliseconds < notBefore)
            return ValueTask.FromResult(true);
        // Live: every revocation is known here, so this is the answer, without a round trip.
        return Pushes.IsLive
            ? ValueTask.FromResult(false)
            : new ValueTask<bool>(IsRevokedInRedisAsync(userId, issuedAtUnixMilliseconds));
    }

    private async Task<bool> IsRevokedInRedisAsync(Guid userId, long issuedAtUnixMilliseconds)
    {
        try
        {
            var value = await _redis.GetDatabase().StringGetAsync(Key(userId));
            return value.HasValue && long.TryParse(value.ToString(), CultureInfo.InvariantCulture, out var notBefore)
                && issuedAtUnixMilliseconds < notBefore;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Fail open (see the class summary): a Redis outage must not log everyone out.
            _logger.LogWarning(ex, "Could not check access-token revocation for user {UserId}", userId);
            return false;
        }
    }

    private void OnPushed(string message)
    {
        var separator = message.IndexOf(' ', StringComparison.Ordinal);
        if (separator > 0
            && Guid.TryParseExact(message.AsSpan(0, separator), "N", out var userId)
            && long.TryParse(message.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var notBefore))
        {
            Remember(userId, notBefore);
        }
        else
        {
            _logger.LogWarning("Ignoring a malformed revocation message {Message}", message);
        }
    }

    /// <summary>Joining (or rejoining) the channel: whatever was revoked meanwhile is read from Redis.</summary>
    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        var count = 0;
        foreach (var server in _redis.GetServers().Where(server => server.IsConnected && !server.IsReplica))
        {
            var keys = new List<RedisKey>();
            await foreach (var key in server.KeysAsync(database.Database, $"{KeyPrefix}*", pageSize: 1000).WithCancellation(cancellationToken))
                keys.Add(key);
            foreach (var batch in keys.Chunk(500))
            {
                var values = await database.StringGetAsync(batch);
                for (var i = 0; i < batch.Length; i++)
                {
                    var id = ((string)batch[i]!)[KeyPrefix.Length..];
                    if (values[i].HasValue && Guid.TryParseExact(id, "N", out var userId)
                        && long.TryParse(values[i].ToString(), CultureInfo.InvariantCulture, out var notBefore))
                    {
                        Remember(userId, notBefore);
                        count++;
                    }
                }
            }
        }
        _logger.LogInformation("Access-token revocations: {Count} recent ones read from Redis", count);
    }

    private void Remember(Guid userId, long notBefore)
    {
        _notBefore.AddOrUpdate(userId, notBefore, (_, known) => Math.Max(known, notBefore));
        PurgeIfDue();
    }

    /// <summary>Forgets revocations older than any token they could concern (keeps the map to recent changes).</summary>
    private void PurgeIfDue()
    {
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var due = Interlocked.Read(ref _nextPurge);
        if (now < due || Interlocked.CompareExchange(ref _nextPurge, now + 60_000, due) != due)
            return;
        var horizon = now - (long)Relevance.TotalMilliseconds;
        foreach (var (userId, notBefore) in _notBefore)
        {
            if (notBefore < horizon)
                _notBefore.TryRemove(new KeyValuePair<Guid, long>(userId, notBefore));
        }
    }
}
