using System.Net;
using System.Net.Mail;
using ApraNova.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Mail;

/// <summary>
/// Delivers queued <c>outbox_emails</c> through the configured SMTP relay. Sending from a
/// background worker (not inside the request) keeps a slow or failing relay from failing a
/// password reset or a webhook; rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so several
/// api tasks deliver in parallel without sending any email twice.
/// </summary>
public sealed class OutboxDeliveryService(
    IServiceScopeFactory scopes, IOptionsMonitor<MailOptions> options, TimeProvider clock, ILogger<OutboxDeliveryService> logger)
    : BackgroundService
{
    private const int BatchSize = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var smtp = options.CurrentValue.Smtp;
            if (!string.IsNullOrWhiteSpace(smtp.Host))
            {
                try
                {
                    while (await DeliverBatchAsync(smtp, stoppingToken) == BatchSize)
                    {
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Outbox delivery pass failed");
                }
            }
            await Task.Delay(smtp.PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Sends up to one batch; returns how many rows it claimed.</summary>
    public async Task<int> DeliverBatchAsync(SmtpOptions smtp, CancellationToken cancellationToken)
    {
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
                    WHERE sent_at IS NULL AND attempts < {smtp.MaxAttempts}
                    ORDER BY created_at
                    LIMIT {BatchSize}
                    FOR UPDATE SKIP LOCKED
                    """)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return 0;
            }

            using var client = new SmtpClient(smtp.Host, smtp.Port)
            {
                EnableSsl = smtp.EnableSsl,
                DeliveryMethod = SmtpDeliveryMethod.Network,
                Timeout = 15_000,
            };
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                client.Credentials = new NetworkCredential(smtp.Username, smtp.Password);
            }
            foreach (var email in batch)
            {
                email.Attempts++;
                try
                {
                    using var message = new MailMessage(new MailAddress(smtp.From).ToString(), email.To, email.Subject, email.TextBody);
                    if (email.HtmlBody is not null)
                    {
                        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(email.HtmlBody, null, "text/html"));
                    }
                    await client.SendMailAsync(message, cancellationToken);
                    email.SentAt = clock.GetUtcNow();
                    email.LastError = null;
                }
                catch (Exception ex) when (ex is SmtpException or InvalidOperationException or FormatException or IOException)
                {
                    email.LastError = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
                    logger.LogWarning(ex, "Email {EmailId} to {To} not delivered (attempt {Attempt})", email.Id, email.To, email.Attempts);
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return batch.Count;
        });
    }
}
