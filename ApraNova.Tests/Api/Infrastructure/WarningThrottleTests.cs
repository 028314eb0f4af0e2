using ApraNova.Api.Infrastructure.Logging;

namespace ApraNova.Tests.Api.Infrastructure;

public sealed class WarningThrottleTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void One_warning_per_key_and_interval_then_the_next_says_how_many_were_held_back()
    {
        var clock = new ManualClock();
        var throttle = new WarningThrottle<string>(TimeSpan.FromMinutes(1), clock);

        Assert.True(throttle.IsDue("DP", out var heldBack));
        Assert.Equal(0, heldBack);
        Assert.False(throttle.IsDue("DP", out _));
        Assert.False(throttle.IsDue("DP", out _));
        Assert.True(throttle.IsDue("DS", out _)); // another key has its own window

        clock.Now += TimeSpan.FromSeconds(59);
        Assert.False(throttle.IsDue("DP", out _));
        clock.Now += TimeSpan.FromSeconds(1);
        Assert.True(throttle.IsDue("DP", out heldBack));
        Assert.Equal(3, heldBack);
        Assert.False(throttle.IsDue("DP", out _));
    }

    [Fact]
    public void Racing_callers_log_once_and_count_every_other()
    {
        var clock = new ManualClock();
        var throttle = new WarningThrottle<int>(TimeSpan.FromHours(1), clock);
        var due = 0;
        Parallel.For(0, 1000, _ =>
        {
            if (throttle.IsDue(1, out _))
                Interlocked.Increment(ref due);
        });
        Assert.Equal(1, due);

        clock.Now += TimeSpan.FromHours(1);
        Assert.True(throttle.IsDue(1, out var heldBack));
        Assert.Equal(999, heldBack);
    }
}
