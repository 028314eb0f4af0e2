using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Auth;

[Collection(ApiCollection.Name)]
public sealed class LockoutAndRateLimitTests(ApiFactory api)
{
    [Fact]
    public async Task Five_failed_log_ins_lock_the_account_even_against_the_right_password()
    {
        var (userId, email) = await api.CreateUserAsync(Roles.Student);
        var client = api.CreateApiClient();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var failed = await client.PostAsJsonAsync("/api/auth/login", new { email, password = $"wrong-password-{attempt}" });
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
            Assert.Equal("Invalid credentials", (await ReadProblemAsync(failed)).GetProperty("title").GetString());
        }
        var fifth = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong-password-5" });
        Assert.Equal("Account locked", (await ReadProblemAsync(fifth)).GetProperty("title").GetString());

        var right = await client.PostAsJsonAsync("/api/auth/login", new { email, password = ApiFactory.DefaultPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal("Account locked", (await ReadProblemAsync(right)).GetProperty("title").GetString());

        await using var scope = api.CreateDbScope();
        var user = await scope.Db.Users.SingleAsync(user => user.Id == userId);
        Assert.True(user.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(10));
    }

    [Fact]
    public async Task Failures_below_the_threshold_are_forgotten_after_a_successful_log_in()
    {
        var (_, email) = await api.CreateUserAsync(Roles.Student);
        var client = api.CreateApiClient();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong-password" });
        }
        await ApiFactory.LogInAsync(client, email);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong-password" });
        }
        await ApiFactory.LogInAsync(client, email);
    }

    [Fact]
    public async Task Log_in_is_limited_per_ip_with_429_and_retry_after_while_other_ips_go_on()
    {
        var attacker = api.CreateApiClient();
        HttpResponseMessage? refused = null;
        // 30 per minute per IP (unknown emails, so neither lockout nor the per-account limit answer).
        for (var attempt = 1; attempt <= 31 && refused is null; attempt++)
        {
            var response = await attacker.PostAsJsonAsync("/api/auth/login", new { email = ApiFactory.NewEmail(), password = "guess-guess-guess" });
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
                Assert.Equal(31, attempt);
            }
            else
            {
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }
        }
        Assert.NotNull(refused);
        await ReadProblemAsync(refused);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 30 * 60); // within the window ApiFactory configures

        var bystander = api.CreateApiClient();
        var other = await bystander.PostAsJsonAsync("/api/auth/login", new { email = ApiFactory.NewEmail(), password = "guess-guess-guess" });
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }

    [Fact]
    public async Task Log_in_is_limited_per_account_across_ips()
    {
        var email = ApiFactory.NewEmail();
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 1; attempt <= 11; attempt++)
        {
            // A fresh client IP each time: a distributed guesser.
            var response = await api.CreateApiClient().PostAsJsonAsync("/api/auth/login", new { email, password = "guess-guess-guess" });
            statuses.Add(response.StatusCode);
        }
        Assert.All(statuses.Take(10), status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
    }

    [Fact]
    public async Task Sign_up_is_limited_per_ip()
    {
        var client = api.CreateApiClient();
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 1; attempt <= 11; attempt++)
        {
            var response = await client.PostAsJsonAsync("/api/auth/signup",
                new { email = ApiFactory.NewEmail(), password = ApiFactory.DefaultPassword, fullName = "Bot" });
            statuses.Add(response.StatusCode);
        }
        Assert.All(statuses.Take(10), status => Assert.Equal(HttpStatusCode.Created, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
    }

    [Fact]
    public async Task Limits_live_in_redis_so_a_second_api_instance_shares_them()
    {
        await using var secondTask = new ApiFactory();
        await ((IAsyncLifetime)secondTask).InitializeAsync();
        try
        {
            var ip = ClientIpHandler.NextUniqueAddress();
            var onFirst = api.CreateApiClient(ip);
            var onSecond = secondTask.CreateApiClient(ip);
            for (var attempt = 1; attempt <= 30; attempt++)
            {
                var client = attempt % 2 == 0 ? onFirst : onSecond;
                var response = await client.PostAsJsonAsync("/api/auth/login", new { email = ApiFactory.NewEmail(), password = "guess-guess-guess" });
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }
            var refused = await onSecond.PostAsJsonAsync("/api/auth/login", new { email = ApiFactory.NewEmail(), password = "guess-guess-guess" });
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }
        finally
        {
            await ((IAsyncLifetime)secondTask).DisposeAsync();
        }
    }
}
