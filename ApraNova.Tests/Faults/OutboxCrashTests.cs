using ApraNova.Api.Features.Mail;
using ApraNova.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApraNova.Tests.Faults;

/// <summary>
/// An api task dies in the middle of delivering the outbox, right after the relay accepted an
/// email (the instant no sender can record: SMTP and SES take no idempotency key). The emails it
/// had already sent stay sent; only that one email is in doubt, and the next task sends it again
/// rather than lose it. Deterministic companion of <see cref="ApiInstanceKillTests"/>, whose kill
/// lands wherever it lands.
/// </summary>
public sealed class OutboxCrashTests
{
    [Fact]
    public async Task A_task_killed_mid_batch_leaves_only_the_email_in_flight_to_be_sent_again()
    {
        // No relay configured: no background deliverer; the test runs two "tasks'" deliverers itself.
        var api = new ApiFactory();
        api.Settings["Mail:DevOutbox"] = "false";
        await ((IAsyncLifetime)api).InitializeAsync();
        try
        {
            var recipients = Enumerable.Range(0, 6).Select(_ => ApiFactory.NewEmail("outbox-crash")).ToList();
            await using (var scope = api.CreateDbScope())
            {
                var sender = scope.Services.GetRequiredService<IEmailSender>();
                foreach (var to in recipients)
                {
                    await sender.SendAsync(new EmailMessage(to, "Crash", "Hello"), CancellationToken.None);
                }
            }
            var relay = new MailRelayRecorder();
            var dying = ActivatorUtilities.CreateInstance<OutboxDeliveryService>(api.Services, relay.TaskTransport(diesOnSend: 3));
            var survivor = ActivatorUtilities.CreateInstance<OutboxDeliveryService>(api.Services, relay.TaskTransport());

            await Assert.ThrowsAsync<MailRelayRecorder.TaskKilledException>(() => dying.DeliverBatchAsync(CancellationToken.None));
            var inFlight = relay.Accepted.Last();
            while (await survivor.DeliverBatchAsync(CancellationToken.None) > 0)
            {
            }

            var sends = relay.Accepted.GroupBy(to => to).ToDictionary(g => g.Key, g => g.Count());
            Assert.All(recipients, to => Assert.Equal(to == inFlight ? 2 : 1, sends.GetValueOrDefault(to)));
            await using var check = api.CreateDbScope();
            var rows = await check.Db.OutboxEmails.AsNoTracking().Where(e => recipients.Contains(e.To)).ToListAsync();
            Assert.All(rows, row => Assert.True(row.SentAt is not null && row.Attempts == 1, $"{row.To}: sent {row.SentAt}, attempts {row.Attempts}"));
        }
        finally
        {
            await ((IAsyncLifetime)api).DisposeAsync();
        }
    }
}
