using System.Data.Common;
using ApraNova.Api.Features.Payments;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ApraNova.Tests.Faults;

/// <summary>
/// The task dies the instant after PostgreSQL committed the transaction that marked the armed
/// Checkout session paid: the commit stands, and nothing the task meant to do next happens (its
/// request never answers 2xx; here it throws, which is all the caller can see of a death).
/// </summary>
public sealed class DieAfterCommitInterceptor : DbTransactionInterceptor
{
    private string? _armedSession;

    /// <summary>The next commit that leaves this session's payment paid is the last thing the task does.</summary>
    public void Arm(string sessionId) => Volatile.Write(ref _armedSession, sessionId);

    public bool Died { get; private set; }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var armed = Volatile.Read(ref _armedSession);
        if (armed is not null && eventData.Context is { } context
            && context.ChangeTracker.Entries<Payment>().Any(p => p.Entity.StripeSessionId == armed && p.Entity.State == PaymentState.Paid)
            && Interlocked.CompareExchange(ref _armedSession, null, armed) == armed)
        {
            Died = true;
            throw new MailRelayRecorder.TaskKilledException();
        }
        return Task.CompletedTask;
    }
}
