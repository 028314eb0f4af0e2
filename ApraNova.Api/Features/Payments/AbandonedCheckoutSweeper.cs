using ApraNova.Api.Data;
using ApraNova.Api.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Payments;

/// <summary>
/// A Checkout session nobody paid lives at most 24 hours at Stripe; its ledger row would stay
/// "pending" forever. Rows pending longer than <see cref="Expiry"/> become failed ("expired unpaid"),
/// audited, so the ledger tells abandoned checkouts from ones in progress. States only move forward
/// and a late payment still turns a failed row into a paid one (<see cref="PaymentState"/>), so this
/// never hides money. Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>: every api task runs the
/// sweep, none waits on a row a webhook is applying.
/// </summary>
public sealed class AbandonedCheckoutSweeper(IServiceScopeFactory scopes, TimeProvider clock, ILogger<AbandonedCheckoutSweeper> logger)
    : BackgroundService
{
    /// <summary>Stripe's longest session lifetime (24 h) and an hour for its last webhooks.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromHours(25);
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Expiring abandoned checkouts failed; the next pass tries again");
            }
            await Task.Delay(Interval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>One pass; returns how many payments it expired.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApraNovaDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        var total = 0;
        int claimed;
        do
        {
            claimed = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                var now = clock.GetUtcNow();
                var cutoff = now - Expiry;
                var pending = PaymentState.Pending.ToString();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var batch = await db.Payments.FromSqlInterpolated($"""
                        SELECT * FROM payments
                        WHERE state = {pending} AND created_at < {cutoff}
                        ORDER BY created_at
                        LIMIT {BatchSize}
                        FOR UPDATE SKIP LOCKED
                        """).ToListAsync(cancellationToken);
                foreach (var payment in batch)
                {
                    payment.State = PaymentState.Failed;
                    payment.FailedAt = now;
                    payment.UpdatedAt = now;
                    payment.FailureReason = "Checkout expired unpaid: the buyer never completed it.";
                    audit.Record(null, "payment.expired", "payment", payment.Id.ToString(),
                        new { State = nameof(PaymentState.Pending) }, new { State = payment.State.ToString(), payment.FailureReason });
                }
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return batch.Count;
            });
            total += claimed;
        }
        while (claimed == BatchSize && !cancellationToken.IsCancellationRequested);
        if (total > 0)
            logger.LogInformation("Expired {Count} abandoned checkout(s)", total);
        return total;
    }
}
