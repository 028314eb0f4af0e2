using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ApraNova.Tests.Api.Auth;

/// <summary>
/// Holds the first <see cref="Participants"/> database commands whose SQL contains every one of
/// <see cref="Markers"/> until all of them have arrived, then lets them run together: every
/// request of a race has done everything before that command (e.g. read the row it is about to
/// claim) before any of them does it. Later matching commands pass straight through.
/// </summary>
public sealed class CommandBarrier(int participants, params string[] markers) : DbCommandInterceptor
{
    private readonly TaskCompletionSource allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int arrived;

    public int Participants => participants;

    public IReadOnlyList<string> Markers => markers;

    /// <summary>True once every participant reached the command (the interleaving really happened).</summary>
    public bool Released => allArrived.Task.IsCompletedSuccessfully;

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (markers.All(marker => command.CommandText.Contains(marker, StringComparison.Ordinal)))
        {
            var position = Interlocked.Increment(ref arrived);
            if (position <= participants)
            {
                if (position == participants)
                    allArrived.TrySetResult();
                // Bounded: a participant that never comes fails the test (Released stays false), never hangs it.
                await allArrived.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        return result;
    }
}
