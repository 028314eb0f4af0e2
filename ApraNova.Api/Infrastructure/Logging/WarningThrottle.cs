using System.Collections.Concurrent;

namespace ApraNova.Api.Infrastructure.Logging;

/// <summary>
/// At most one warning per key and interval, counting the ones held back: a condition that
/// repeats for every request while it lasts (a track whose trainers are all full, during a cohort's
/// checkout) is logged once a minute with how often it recurred, instead of once per request.
/// </summary>
public sealed class WarningThrottle<TKey>(TimeSpan interval, TimeProvider clock) where TKey : notnull
{
    private sealed class Window
    {
        public DateTimeOffset LoggedAt = DateTimeOffset.MinValue;
        public int HeldBack;
    }

    private readonly ConcurrentDictionary<TKey, Window> windows = new();

    /// <summary>
    /// True when the warning for <paramref name="key"/> is due now; <paramref name="heldBack"/> is how
    /// many were held back since the last one logged.
    /// </summary>
    public bool IsDue(TKey key, out int heldBack)
    {
        var now = clock.GetUtcNow();
        var window = windows.GetOrAdd(key, _ => new Window());
        lock (window)
        {
            if (now - window.LoggedAt < interval)
            {
                window.HeldBack++;
                heldBack = 0;
                return false;
            }
            heldBack = window.HeldBack;
            window.HeldBack = 0;
            window.LoggedAt = now;
            return true;
        }
    }
}
