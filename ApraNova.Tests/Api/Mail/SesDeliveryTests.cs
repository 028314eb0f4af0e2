using System.Net.Http.Json;
using ApraNova.Api.Features.Mail;
using ApraNova.Api.Features.Users;
using ApraNova.Tests.Hosting.Aws;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApraNova.Tests.Api.Mail;

/// <summary>
/// The production mail path: the outbox delivered through Amazon SES v2 (moto_server, with
/// signatures, session tokens and IAM permissions enforced), signed with a task role's temporary
/// credentials that the AWS SDK fetches from a container credentials endpoint, as on ECS.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class SesDeliveryTests
{
    private const string Sender = "no-reply@test.apranova.dev";

    [RequiresToolsFact("moto_server")]
    public async Task Outbox_is_delivered_through_ses_exactly_once_across_two_api_tasks()
    {
        await using var ses = await SesEmulator.StartAsync();
        await ses.VerifyIdentityAsync(Sender);
        var taskRole = await ses.AssumeTaskRoleAsync("api-task", "ses:SendEmail");
        await ses.EnforceAuthenticationAsync();
        using var credentialsEndpoint = new ContainerCredentialsEndpoint(taskRole);
        using var _ = new EnvironmentScope(AwsEnvironment(credentialsEndpoint));

        await using var first = SesApi(ses);
        await ((IAsyncLifetime)first).InitializeAsync();
        await using var second = SesApi(ses, sharedDatabase: first.DatabaseName);
        await ((IAsyncLifetime)second).InitializeAsync();
        try
        {
            // A reset through the real endpoint: its text and its HTML button reach SES.
            var (_, student) = await first.CreateUserAsync(Roles.Student);
            var forgot = await first.CreateApiClient().PostAsJsonAsync("/api/auth/password/forgot", new { email = student });
            forgot.EnsureSuccessStatusCode();
            // And many more, queued at once, which both tasks race to deliver.
            var recipients = Enumerable.Range(0, 40).Select(_ => ApiFactory.NewEmail("bulk")).ToList();
            await using (var scope = first.Services.CreateAsyncScope())
            {
                var sender = scope.ServiceProvider.GetRequiredService<IEmailSender>();
                foreach (var to in recipients)
                {
                    await sender.SendAsync(new EmailMessage(to, "Bulk", "Hello") { Action = new EmailAction("Open", "http://localhost:3000/") }, CancellationToken.None);
                }
            }

            var reset = Assert.Single(await ses.WaitForAsync(student));
            Assert.Equal($"ApraNova <{Sender}>", reset.From);
            Assert.Equal("Reset your ApraNova password", reset.Subject);
            var outbox = Assert.Single(await first.ReadOutboxAsync(student));
            var link = outbox.TextBody.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("http://localhost:3000/reset-password?", StringComparison.Ordinal));
            Assert.Contains($"href=\"{System.Net.WebUtility.HtmlEncode(link)}\"", reset.Body, StringComparison.Ordinal);
            Assert.Contains(">Choose a new password</a>", reset.Body, StringComparison.Ordinal);

            foreach (var to in recipients)
            {
                await ses.WaitForAsync(to);
            }
            await WaitUntilAsync(async () =>
            {
                await using var scope = first.CreateDbScope();
                return await scope.Db.OutboxEmails.CountAsync(e => e.SentAt == null) == 0;
            });
            await using (var scope = first.CreateDbScope())
            {
                Assert.All(await scope.Db.OutboxEmails.ToListAsync(), e => Assert.Equal(1, e.Attempts));
            }
            // Exactly once: one message per recipient, however the two tasks' passes interleaved.
            var sent = await ses.SentAsync();
            Assert.Equal(recipients.Count + 1, sent.Count);
            Assert.Equal(sent.Count, sent.Select(m => m.To.Single()).Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.True(credentialsEndpoint.Served >= 1);
        }
        finally
        {
            await ((IAsyncLifetime)second).DisposeAsync();
            await ((IAsyncLifetime)first).DisposeAsync();
        }
    }

    [RequiresToolsFact("moto_server")]
    public async Task A_role_without_ses_SendEmail_is_refused_and_the_email_stays_queued_with_the_reason()
    {
        await using var ses = await SesEmulator.StartAsync();
        await ses.VerifyIdentityAsync(Sender);
        var taskRole = await ses.AssumeTaskRoleAsync("role-without-mail");
        await ses.EnforceAuthenticationAsync();
        using var credentialsEndpoint = new ContainerCredentialsEndpoint(taskRole);
        using var _ = new EnvironmentScope(AwsEnvironment(credentialsEndpoint));

        await using var api = SesApi(ses);
        await ((IAsyncLifetime)api).InitializeAsync();
        try
        {
            var to = ApiFactory.NewEmail();
            await using (var scope = api.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<IEmailSender>().SendAsync(new EmailMessage(to, "Hi", "Hello"), CancellationToken.None);
            }

            OutboxEmail? queued = null;
            await WaitUntilAsync(async () => (queued = (await api.ReadOutboxAsync(to)).Single()).Attempts >= 2);
            Assert.Null(queued!.SentAt);
            Assert.Contains("403", queued.LastError, StringComparison.Ordinal);
            Assert.Contains("AccessDenied", queued.LastError, StringComparison.Ordinal);
            Assert.Empty(await ses.SentAsync());
        }
        finally
        {
            await ((IAsyncLifetime)api).DisposeAsync();
        }
    }

    private static ApiFactory SesApi(SesEmulator ses, string? sharedDatabase = null)
    {
        var api = new ApiFactory { SharedDatabaseName = sharedDatabase };
        api.Settings["Mail:DevOutbox"] = "false";
        api.Settings["Mail:Ses:From"] = Sender; // a bare address, as the stack's parameter gives it
        api.Settings["Mail:Ses:Region"] = SesEmulator.Region;
        api.Settings["Mail:Ses:ServiceUrl"] = ses.Endpoint.ToString();
        api.Settings["Mail:PollInterval"] = "00:00:00.100";
        return api;
    }

    /// <summary>What the AWS SDK's chain reads: the credentials endpoint, and no keys or profiles of this machine.</summary>
    private static Dictionary<string, string?> AwsEnvironment(ContainerCredentialsEndpoint endpoint) => new(endpoint.Environment.ToDictionary(p => p.Key, p => (string?)p.Value))
    {
        ["AWS_ACCESS_KEY_ID"] = null,
        ["AWS_SECRET_ACCESS_KEY"] = null,
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_PROFILE"] = null,
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/apranova-test-credentials",
        ["AWS_CONFIG_FILE"] = "/nonexistent/apranova-test-config",
    };

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            await Task.Delay(100, deadline.Token);
        }
    }
}
