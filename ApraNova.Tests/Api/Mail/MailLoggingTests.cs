using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Mail;

/// <summary>
/// Email bodies carry set-password links: they reach the log only where the dev outbox is on (a
/// developer's own run), not in any other Development-mode run, let alone production. Any other
/// run logs which email was queued, not to whom: the address stays in the outbox row, which
/// deleting the account deletes.
/// </summary>
public sealed class MailLoggingTests
{
    [Theory]
    [InlineData("Development", false)]
    [InlineData("Production", false)]
    [InlineData("Development", true)]
    public async Task Email_bodies_are_logged_only_where_the_dev_outbox_is_on(string environment, bool devOutbox)
    {
        var logs = new RecordingLoggerProvider();
        var api = new ApiFactory
        {
            EnvironmentName = environment,
            ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs),
        };
        api.Settings["Mail:DevOutbox"] = devOutbox ? "true" : "false";
        await ((IAsyncLifetime)api).InitializeAsync();
        try
        {
            var (_, email) = await api.CreateUserAsync(Roles.Student);
            await Expect(HttpStatusCode.Accepted, await api.CreateApiClient().PostAsJsonAsync("/api/auth/password/forgot", new { email }));

            var queued = Assert.Single(await api.ReadOutboxAsync(email));
            Assert.Contains(logs.Messages, message => message.Contains(devOutbox ? email : queued.Id.ToString(), StringComparison.Ordinal));
            Assert.Equal(devOutbox, logs.Messages.Any(message => message.Contains(email, StringComparison.OrdinalIgnoreCase)));
            Assert.Equal(devOutbox, logs.Messages.Any(message => message.Contains("/reset-password?", StringComparison.Ordinal)));
        }
        finally
        {
            await ((IAsyncLifetime)api).DisposeAsync();
        }
    }
}
