using System.Net.Http.Json;
using ApraNova.Api.Features.Mail;
using ApraNova.Api.Features.Users;

namespace ApraNova.Tests.Api.Mail;

/// <summary>The outbox is delivered to a real SMTP conversation when a relay is configured.</summary>
public sealed class MailDeliveryTests
{
    [Fact]
    public async Task Queued_emails_are_delivered_over_smtp_once_and_marked_sent()
    {
        await using var smtp = new FakeSmtpServer();
        await using var api = new ApiFactory();
        api.Settings["Mail:Smtp:Host"] = "127.0.0.1";
        api.Settings["Mail:Smtp:Port"] = smtp.Port.ToString();
        api.Settings["Mail:Smtp:EnableSsl"] = "false";
        api.Settings["Mail:PollInterval"] = "00:00:00.200";
        api.Settings["Mail:DevOutbox"] = "false"; // the dev outbox keeps mail from leaving the machine
        api.Settings["Mail:Smtp:From"] = "ApraNova <no-reply@test.apranova.dev>";
        await ((IAsyncLifetime)api).InitializeAsync();
        try
        {
            var (_, email) = await api.CreateUserAsync(Roles.Student);
            await api.CreateApiClient().PostAsJsonAsync("/api/auth/password/forgot", new { email });

            OutboxEmail? sent = null;
            for (var wait = 0; wait < 100 && sent?.SentAt is null; wait++)
            {
                await Task.Delay(100);
                sent = (await api.ReadOutboxAsync(email)).SingleOrDefault();
            }
            Assert.NotNull(sent?.SentAt);
            Assert.Equal(1, sent.Attempts);

            var message = Assert.Single(smtp.Messages);
            Assert.Equal($"<{email}>", Assert.Single(message.To));
            Assert.Equal("<no-reply@test.apranova.dev>", message.From);
            Assert.Contains("Subject: Reset your ApraNova password", message.Data);

            // Nothing is sent twice on later passes.
            await Task.Delay(600);
            Assert.Single(smtp.Messages);
        }
        finally
        {
            await ((IAsyncLifetime)api).DisposeAsync();
        }
    }
}
