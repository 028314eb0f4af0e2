using System.Collections.Concurrent;
using ApraNova.Api.Features.Mail;

namespace ApraNova.Tests.Faults;

/// <summary>
/// The outbox's relay as one or several api tasks reach it: every email it accepted, in order.
/// <see cref="TaskTransport"/> is one task's connection to it, which can die at a chosen send.
/// </summary>
public sealed class MailRelayRecorder
{
    public ConcurrentQueue<string> Accepted { get; } = new();

    /// <summary>A task's transport; with <paramref name="diesOnSend"/> the task dies right after the relay accepted that send (1-based).</summary>
    public IMailTransport TaskTransport(int? diesOnSend = null) => new Transport(this, diesOnSend);

    /// <summary>What a task that is killed looks like from inside one of its calls: it never returns.</summary>
    public sealed class TaskKilledException() : Exception("The task was killed after the relay accepted the email.");

    private sealed class Transport(MailRelayRecorder relay, int? diesOnSend) : IMailTransport
    {
        private int _sends;

        public string Name => "recorded-relay";

        public Task SendAsync(OutboxEmail email, CancellationToken cancellationToken)
        {
            relay.Accepted.Enqueue(email.To);
            return Interlocked.Increment(ref _sends) == diesOnSend
                ? Task.FromException(new TaskKilledException())
                : Task.CompletedTask;
        }
    }
}
