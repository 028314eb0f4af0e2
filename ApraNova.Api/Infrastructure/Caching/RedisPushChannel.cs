using System.Collections.Concurrent;
using System.Diagnostics;
using StackExchange.Redis;

namespace ApraNova.Api.Infrastructure.Caching;

/// <summary>
/// One Redis pub/sub channel this process listens to, and whether it provably hears it. Owners keep
/// in-memory state (the curriculum, access-token revocations) that other api tasks change through
/// <see cref="PublishAsync"/>; while <see cref="IsLive"/> they may trust that state without a round
/// trip. Redis pub/sub is fire-and-forget (a message published while this process is disconnected
/// is lost), so "live" is proven rather than assumed:
/// <list type="bullet">
/// <item>a probe message is published on the channel every <see cref="PushChannelTiming.ProbeInterval"/>
/// and must come back within <see cref="PushChannelTiming.ProbeTimeout"/>;</item>
/// <item>a dropped connection, or a probe that did not come back, ends "live" at once;</item>
/// <item>after a probe comes back, the owner's resync (reload from the source of truth) runs, and
/// only then is the channel live again, so nothing published during the gap is lost.</item>
/// </list>
/// Owners decide what "not live" means for them (fall back to a round trip, or a short lifetime).
/// </summary>
public sealed class RedisPushChannel(
    IConnectionMultiplexer redis,
    string channel,
    Action<string> onMessage,
    Func<CancellationToken, Task> onResync,
    PushChannelTiming timing,
    ILogger logger) : BackgroundService
{
    private const string ProbePrefix = "probe:";

    private readonly RedisChannel _channel = RedisChannel.Literal(channel);
    // Distinguishes this process's probes from those of other tasks on the same channel.
    private readonly string _probePrefix = $"{ProbePrefix}{Guid.NewGuid():N}:";
    private volatile bool _live;
    private long _failures;
    private TaskCompletionSource _probeReturned = NewSignal();
    private string _expectedProbe = "";
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ConcurrentQueue<string> _unsent = new();

    /// <summary>True while this process provably receives the channel's messages and its owner is in sync.</summary>
    public bool IsLive => _live;

    public string Name => channel;

    /// <summary>
    /// Tells every api task (this one included) through the channel. Never throws: what could not
    /// be sent (Redis unreachable) is sent again by the listening loop until Redis takes it, since
    /// the tasks that still hear the channel would otherwise never learn of the change.
    /// </summary>
    public async Task PublishAsync(string message)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(_channel, message);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Could not publish on {Channel} ({Reason}); retrying in the background", channel, ex.Message);
            _unsent.Enqueue(message);
            _wake.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.ConnectionFailed += OnConnectionFailed;
        try
        {
            await SubscribeAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await SendUnsentAsync();
                await ProbeAsync(stoppingToken);
                // A live channel is re-proven now and then; a dead one is retried quickly.
                await _wake.WaitAsync(_live ? timing.ProbeInterval : timing.RetryInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _live = false;
            redis.ConnectionFailed -= OnConnectionFailed;
        }
    }

    private async Task SubscribeAsync(CancellationToken stoppingToken)
    {
        var subscriber = redis.GetSubscriber();
        while (true)
        {
            try
            {
                // The multiplexer remembers the subscription and renews it after a reconnect;
                // the probes tell when that has happened.
                await subscriber.SubscribeAsync(_channel, (_, value) => OnMessage(value));
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning(ex, "Could not subscribe to {Channel}; retrying", channel);
                try { await subscriber.UnsubscribeAsync(_channel); } catch (Exception e) when (e is RedisException or TimeoutException) { }
                await Task.Delay(timing.RetryInterval, stoppingToken);
            }
        }
    }

    private async Task SendUnsentAsync()
    {
        while (_unsent.TryPeek(out var message))
        {
            try
            {
                await redis.GetSubscriber().PublishAsync(_channel, message);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                return;
            }
            _unsent.TryDequeue(out _);
        }
    }

    private async Task ProbeAsync(CancellationToken stoppingToken)
    {
        var failuresBefore = Interlocked.Read(ref _failures);
        var probe = _probePrefix + Stopwatch.GetTimestamp();
        var returned = NewSignal();
        Volatile.Write(ref _expectedProbe, probe);
        Volatile.Write(ref _probeReturned, returned);
        try
        {
            await redis.GetSubscriber().PublishAsync(_channel, probe);
            await returned.Task.WaitAsync(timing.ProbeTimeout, stoppingToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (_live)
                logger.LogWarning("Not hearing {Channel} ({Reason}): falling back until it is proven again", channel, ex.Message);
            _live = false;
            return;
        }

        if (_live)
            return;
        try
        {
            await onResync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Resynchronising after {Channel} came back failed; retrying", channel);
            return;
        }
        // A connection lost while resynchronising may have lost messages too: prove it again.
        if (Interlocked.Read(ref _failures) == failuresBefore)
        {
            _live = true;
            logger.LogInformation("Listening to {Channel}", channel);
        }
    }

    private void OnMessage(RedisValue value)
    {
        var message = (string?)value;
        if (message is null)
            return;
        if (message.StartsWith(ProbePrefix, StringComparison.Ordinal))
        {
            if (message == Volatile.Read(ref _expectedProbe))
                Volatile.Read(ref _probeReturned).TrySetResult();
            return;
        }
        try
        {
            onMessage(message);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Handling a message on {Channel} failed", channel);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        Interlocked.Increment(ref _failures);
        if (_live)
            logger.LogWarning("Redis connection lost ({FailureType}): {Channel} is not trusted until proven again", e.FailureType, channel);
        _live = false;
        _wake.Release();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
