using System.Diagnostics;
using ApraNova.Api.Data;
using ApraNova.Api.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Mail;

/// <summary>
/// Delivers queued <c>outbox_emails</c> through the configured <see cref="IMailTransport"/> (SES
/// or SMTP). Sending from a background worker (not inside the request) keeps a slow or failing
/// relay from failing a password reset or a webhook; each row is claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> and stays locked until its result is committed, so several api
/// tasks deliver in parallel without sending any email twice (a task killed mid-send aside: see
/// <see cref="DeliverBatchAsync"/>). A failed attempt is counted and
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

    /// <summary>
    /// Sends up to one batch (<see cref="BatchSize"/> emails), each claimed, sent and recorded in a
    /// transaction of its own; returns how many it claimed. One at a time, because a task that dies
    /// (killed, its host lost) after the relay accepted an email and before its commit leaves that
    /// email unrecorded, and another task sends it again: committing each email alone keeps that to
    /// the one email in flight, where a batch in one transaction resent every email of the batch
    /// already sent (Faults/ApiInstanceKillTests, OutboxCrashTests).
    /// </summary>
    public async Task<int> DeliverBatchAsync(CancellationToken cancellationToken)
    {
        var maxAttempts = options.CurrentValue.MaxAttempts;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApraNovaDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        Activity? activity = null;
        var claimed = 0;
        try
        {
            for (; claimed < BatchSize; claimed++)
            {
                var found = await strategy.ExecuteAsync(async () =>
                {
                    db.ChangeTracker.Clear();
                    await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                    var email = await db.OutboxEmails
                        .FromSqlInterpolated($"""
                            SELECT * FROM outbox_emails
                            WHERE sent_at IS NULL AND attempts < {maxAttempts}
                            ORDER BY created_at
                            LIMIT 1
                            FOR UPDATE SKIP LOCKED
                            """)
                        .SingleOrDefaultAsync(cancellationToken);
                    if (email is null)
                    {
                        return false;
                    }

                    // One span per pass that sends something (idle polls leave no trace).
                    activity ??= Tracing.StartActivity("outbox deliver");
                    activity?.SetTag("mail.transport", transport.Name);
                    email.Attempts++;
                    try
                    {
                        await transport.SendAsync(email, cancellationToken);
                        email.SentAt = clock.GetUtcNow();
                        email.LastError = null;
                    }
                    catch (MailDeliveryException ex)
                    {
                        email.LastError = StorableText.Truncate(ex.Message, 1000);
                        activity?.SetStatus(ActivityStatusCode.Error, "some emails were not delivered");
                        // The address stays in the outbox row (see OutboxEmailSender.Log).
                        logger.LogWarning(ex, "Email {EmailId} not delivered through {Transport} (attempt {Attempt} of {MaxAttempts})",
                            email.Id, transport.Name, email.Attempts, maxAttempts);
                    }
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    return true;
                });
                if (!found)
                {
                    break;
                }
            }
        }
        finally
        {
            activity?.SetTag("mail.batch_size", claimed);
            activity?.Dispose();
        }
        return claimed;
    }
}
