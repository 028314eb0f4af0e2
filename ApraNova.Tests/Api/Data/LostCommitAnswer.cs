using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace ApraNova.Tests.Api.Data;

/// <summary>
/// The connection breaks the instant after PostgreSQL committed: the transaction stands, and the
/// api sees what it would see if the database died before answering, a transient
/// <see cref="NpgsqlException"/> from COMMIT, which its execution strategy retries.
/// </summary>
public sealed class LostCommitAnswer : DbTransactionInterceptor
{
    private Func<DbContext, bool>? _armedFor;

    /// <summary>The next committed transaction whose context satisfies <paramref name="saving"/> loses its answer.</summary>
    public void Arm(Func<DbContext, bool> saving) => Volatile.Write(ref _armedFor, saving);

    public bool Lost { get; private set; }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var armed = Volatile.Read(ref _armedFor);
        if (armed is not null && eventData.Context is { } context && armed(context)
            && Interlocked.CompareExchange(ref _armedFor, null, armed) == armed)
        {
            Lost = true;
            throw new NpgsqlException("The connection broke after COMMIT (simulated by the test)", new IOException("connection reset (simulated)"));
        }
        return Task.CompletedTask;
    }
}
