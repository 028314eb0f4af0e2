using System.Diagnostics;
using ApraNova.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Mail;

/// <summary>
/// Delivers queued <c>outbox_emails</c> through the configured <see cref="IMailTransport"/> (SES
/// or SMTP). Sending from a background worker (not inside the request) keeps a slow or failing
/// relay from failing a password reset or a webhook; rows are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> and stay locked until their result is committed, so several api
/// tasks deliver in parallel without sending any email twice. A failed attempt is counted and
/// retried on a later pass, up to <see cref="MailOptions.MaxAttempts"/>.
/// </summary>
public sealed class OutboxDeliveryService(
    IServiceScopeFactory scopes, IMailTransport transport, IOptionsMonitor<MailOptions> options, TimeProvider clock,
    ILogger<OutboxDeliveryService> logger)
    : BackgroundService
{
    private const int BatchSize = 20;

    /// <summary>The api's own source (ServiceDefaults traces it): one span per batch that sends something.</summary>
    private static readonly ActivitySource Tracing = new("ApraNova.Api");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Outbox delivery through {Transport}", transport.Name);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DeliverBatchAsync(stoppingToken) == BatchSize)
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Outbox delivery pass failed");
            }
            await Task.Delay(options.CurrentValue.PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Sends up to one batch; returns how many rows it claimed.</summary>
    public async Task<int> DeliverBatchAsync(CancellationToken cancellationToken)
    {
        var maxAttempts = options.CurrentValue.MaxAttempts;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApraNovaDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var batch = await db.OutboxEmails
                .FromSqlInterpolated($"""
                    SELECT * FROM outbox_emails
                    WHERE sent_at IS NULL AND attempts < {maxAttempts}
                    ORDER BY created_at
                    LIMIT {BatchSize}
                    FOR UPDATE SKIP LOCKED
                    """)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return 0;
            }

            using var activity = Tracing.StartActivity("outbox deliver");
            activity?.SetTag("mail.transport", transport.Name);
            activity?.SetTag("mail.batch_size", batch.Count);
            foreach (var email in batch)
            {
                email.Attempts++;
                try
                {
                    await transport.SendAsync(email, cancellationToken);
                    email.SentAt = clock.GetUtcNow();
                    email.LastError = null;
                }
                catch (MailDeliveryException ex)
                {
                    email.LastError = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
                    activity?.SetStatus(ActivityStatusCode.Error, "some emails were not delivered");
                    logger.LogWarning(ex, "Email {EmailId} to {To} not delivered through {Transport} (attempt {Attempt} of {MaxAttempts})",
                        email.Id, email.To, transport.Name, email.Attempts, maxAttempts);
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return batch.Count;
        });
    }
}
