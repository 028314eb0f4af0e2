namespace ApraNova.Api.Infrastructure.Caching;

/// <summary>
/// How often a <see cref="RedisPushChannel"/> proves it is heard. A subscription that silently
/// stopped delivering (rare: the connection normally reports its failure at once) is noticed
/// within <see cref="ProbeInterval"/> + <see cref="ProbeTimeout"/>.
/// </summary>
public sealed record PushChannelTiming
{
    public static readonly PushChannelTiming Default = new();

    /// <summary>Between two probes of a live channel.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a probe may take to come back (generous: the machine may be loaded).</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Between attempts while the channel is not live.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);
}
