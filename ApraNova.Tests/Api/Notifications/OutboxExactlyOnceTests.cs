using ApraNova.Api.Features.Mail;
using ApraNova.Api.Features.Notifications;
using ApraNova.Api.Features.Users;
using ApraNova.Tests.Api.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ApraNova.Tests.Api.Notifications;

/// <summary>
/// Two api tasks on one database, each with its outbox deliverer, relay the same outbox at the
/// same time: every notification email reaches the SMTP relay exactly once.
/// </summary>
public sealed class OutboxExactlyOnceTests
{
    [Fact]
    public async Task Two_concurrent_deliverers_send_each_notification_email_exactly_once()
    {
        await using var smtp = new FakeSmtpServer();
        var first = Configure(new ApiFactory(), smtp);
        await ((IAsyncLifetime)first).InitializeAsync();
        var second = Configure(new ApiFactory { SharedDatabaseName = first.DatabaseName }, smtp);
        try
        {
            await ((IAsyncLifetime)second).InitializeAsync();
            const int count = 45;
            var recipients = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var (userId, email) = await first.CreateUserAsync(Roles.Student);
                recipients.Add(email);
                // Half the notices are written by each task.
                var factory = i % 2 == 0 ? first : second;
                await using var scope = factory.CreateDbScope();
                Assert.True(await scope.Services.GetRequiredService<INotifier>().NotifyAsync(
                    new Notice(userId, NotificationKind.ProjectUnlocked, $"unlocked:{i}", $"Project {i} unlocked", "Go on.", "/dashboard"), CancellationToken.None));
            }

            var deliverers = new[] { first, second }
                .Select(f => f.Services.GetServices<IHostedService>().OfType<OutboxDeliveryService>().Single())
                .ToArray();
            // Both drain the outbox at once, in small batches, until neither finds anything left.
            await Task.WhenAll(deliverers.Select(async deliverer =>
            {
                while (await deliverer.DeliverBatchAsync(CancellationToken.None) > 0)
                {
                }
            }));

            var delivered = smtp.Messages.SelectMany(m => m.To).ToList();
            Assert.Equal(count, delivered.Count);
            Assert.Equal(recipients.Select(r => $"<{r}>").Order(), delivered.Order());
            await using var check = first.CreateDbScope();
            var rows = await check.Db.OutboxEmails.AsNoTracking().Where(e => recipients.Contains(e.To)).ToListAsync();
            Assert.Equal(count, rows.Count);
            Assert.All(rows, row => Assert.True(row.SentAt is not null && row.Attempts == 1, $"{row.To}: sent {row.SentAt}, attempts {row.Attempts}"));
            Assert.Contains(smtp.Messages, m => m.Data.Contains("text/html", StringComparison.Ordinal));
        }
        finally
        {
            await ((IAsyncLifetime)second).DisposeAsync();
            await ((IAsyncLifetime)first).DisposeAsync();
        }
    }

    private static ApiFactory Configure(ApiFactory factory, FakeSmtpServer smtp)
    {
        factory.Settings["Mail:DevOutbox"] = "false"; // the dev outbox keeps mail from leaving the machine
        factory.Settings["Mail:Smtp:Host"] = "127.0.0.1";
        factory.Settings["Mail:Smtp:Port"] = smtp.Port.ToString();
        factory.Settings["Mail:Smtp:EnableSsl"] = "false";
        // The background loops look once at start-up (an empty outbox) and then sleep: the test drives both deliverers itself.
        factory.Settings["Mail:PollInterval"] = "01:00:00";
        return factory;
    }
}
