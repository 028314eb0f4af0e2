using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Web;
using ApraNova.Api.Features.Users;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Auth;

[Collection(ApiCollection.Name)]
public sealed partial class PasswordResetTests(ApiFactory api)
{
    [Fact]
    public async Task Forgot_password_emails_a_link_that_sets_a_new_password_and_ends_old_sessions()
    {
        var (userId, email) = await api.CreateUserAsync(Roles.Student);
        var oldSession = api.CreateApiClient();
        await ApiFactory.LogInAsync(oldSession, email);
        var client = api.CreateApiClient();

        var forgot = await client.PostAsJsonAsync("/api/auth/password/forgot", new { email });
        Assert.Equal(HttpStatusCode.Accepted, forgot.StatusCode);

        var mail = Assert.Single(await api.ReadOutboxAsync(email));
        var link = new Uri(ResetLink().Match(mail.TextBody).Value);
        Assert.Equal("http://localhost:3000/reset-password", link.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(link.Query);
        Assert.Equal(email, query["email"]);
        var token = query["token"]!;

        const string newPassword = "reset-to-this-passphrase";
        var reset = await client.PostAsJsonAsync("/api/auth/password/reset", new { email, token, newPassword });
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);

        Assert.Equal(userId, (await ApiFactory.LogInAsync(api.CreateApiClient(), email, newPassword)).User.Id);
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldSession.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldSession.PostAsync("/api/auth/refresh", null)).StatusCode);

        // A reset token works once.
        var again = await client.PostAsJsonAsync("/api/auth/password/reset", new { email, token, newPassword = "yet-another-passphrase" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.NotEmpty(FieldErrors(await ReadProblemAsync(again), "token"));
    }

    [Fact]
    public async Task Forgot_password_answers_the_same_for_an_unknown_email_and_sends_nothing()
    {
        var (_, known) = await api.CreateUserAsync(Roles.Student);
        var unknown = ApiFactory.NewEmail();
        var client = api.CreateApiClient();

        var forKnown = await client.PostAsJsonAsync("/api/auth/password/forgot", new { email = known });
        var forUnknown = await client.PostAsJsonAsync("/api/auth/password/forgot", new { email = unknown });

        Assert.Equal(forKnown.StatusCode, forUnknown.StatusCode);
        Assert.Equal(await forKnown.Content.ReadAsStringAsync(), await forUnknown.Content.ReadAsStringAsync());
        Assert.Empty(await api.ReadOutboxAsync(unknown));
        Assert.Single(await api.ReadOutboxAsync(known));
    }

    [Fact]
    public async Task A_forged_token_or_unknown_email_is_refused_without_saying_which()
    {
        var (_, email) = await api.CreateUserAsync(Roles.Student);
        var client = api.CreateApiClient();

        var forged = await client.PostAsJsonAsync("/api/auth/password/reset", new { email, token = "forged", newPassword = "whatever-passphrase" });
        var unknown = await client.PostAsJsonAsync("/api/auth/password/reset",
            new { email = ApiFactory.NewEmail(), token = "forged", newPassword = "whatever-passphrase" });

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(FieldErrors(await ReadProblemAsync(forged), "token"), FieldErrors(await ReadProblemAsync(unknown), "token"));
        await ApiFactory.LogInAsync(client, email);
    }

    [Fact]
    public async Task A_reset_clears_the_failures_that_made_a_client_wait()
    {
        var (_, email) = await api.CreateUserAsync(Roles.Student);
        var client = api.CreateApiClient();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong-password" });
        }
        Assert.Equal(HttpStatusCode.TooManyRequests,
            (await client.PostAsJsonAsync("/api/auth/login", new { email, password = ApiFactory.DefaultPassword })).StatusCode);
        await client.PostAsJsonAsync("/api/auth/password/forgot", new { email });
        var link = new Uri(ResetLink().Match(Assert.Single(await api.ReadOutboxAsync(email)).TextBody).Value);
        var token = HttpUtility.ParseQueryString(link.Query)["token"]!;

        Assert.Equal(HttpStatusCode.NoContent,
            (await client.PostAsJsonAsync("/api/auth/password/reset", new { email, token, newPassword = "unlocked-passphrase" })).StatusCode);
        await ApiFactory.LogInAsync(client, email, "unlocked-passphrase");
    }

    [Fact]
    public async Task Reset_links_work_on_every_api_instance_because_the_keys_live_in_redis()
    {
        var (userId, email) = await api.CreateUserAsync(Roles.Student);
        await api.CreateApiClient().PostAsJsonAsync("/api/auth/password/forgot", new { email });
        var link = new Uri(ResetLink().Match(Assert.Single(await api.ReadOutboxAsync(email)).TextBody).Value);
        var token = HttpUtility.ParseQueryString(link.Query)["token"]!;

        var redis = api.Services.GetRequiredService<IConnectionMultiplexer>();
        var keyRing = await redis.GetDatabase().ListRangeAsync("apranova:data-protection-keys");
        Assert.Contains(keyRing, key => key.ToString().Contains("<key id=", StringComparison.Ordinal));

        // A second api "task" over the same database and Redis redeems the link.
        await using var otherTask = new ApiFactory { SharedDatabaseName = api.DatabaseName };
        await ((IAsyncLifetime)otherTask).InitializeAsync();
        try
        {
            var client = otherTask.CreateApiClient();
            Assert.Equal(HttpStatusCode.NoContent,
                (await client.PostAsJsonAsync("/api/auth/password/reset", new { email, token, newPassword = "other-task-passphrase" })).StatusCode);
            Assert.Equal(userId, (await ApiFactory.LogInAsync(client, email, "other-task-passphrase")).User.Id);
        }
        finally
        {
            await ((IAsyncLifetime)otherTask).DisposeAsync();
        }
    }

    [GeneratedRegex(@"http://localhost:3000/reset-password\?\S+")]
    private static partial Regex ResetLink();
}
