using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Web;
using ApraNova.Api.Features.Users;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Auth;

/// <summary>
/// Log-in throttling stops guessing without handing anyone a way to lock the owner out: only
/// failures count, a client that failed too often waits (then its correct password passes), a
/// guesser spread over many addresses is stopped for every device except those the owner logged
/// in from before, a password reset clears the account's counters, and none of it tells which
/// emails have accounts.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class LockoutAndRateLimitTests(ApiFactory api)
{
    private const string WrongPassword = "guess-guess-guess";

    [Fact]
    public async Task Anonymous_failures_never_lock_the_owner_out_of_their_own_address()
    {
        var (_, email) = await api.CreateUserAsync(Roles.Student);
        var attacker = api.CreateApiClient();
        for (var attempt = 1; attempt <= 11; attempt++)
        {
            var response = await attacker.PostAsJsonAsync("/api/auth/login", new { email, password = WrongPassword });
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests });
        }

        // The owner, from their own address, with the right password: in at once.
        var owner = api.CreateApiClient();
        await ApiFactory.LogInAsync(owner, email);
    }

    [Fact]
    public async Task A_client_that_failed_too_often_waits_and_then_its_correct_password_passes()
    {
        var (_, email) = await api.CreateUserAsync(Roles.Student);
        var client = api.CreateApiClient();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var failed = await client.PostAsJsonAsync("/api/auth/login", new { email, password = WrongPassword });
            Assert.Equal("Invalid credentials", (await ExpectProblem(HttpStatusCode.Unauthorized, failed)).GetProperty("title").GetString());
        }

        // The sixth attempt from this client must wait, whatever the password: nothing is checked.
        var early = await client.PostAsJsonAsync("/api/auth/login", new { email, password = ApiFactory.DefaultPassword });
        await ExpectProblem(HttpStatusCode.TooManyRequests, early);
        var retryAfter = int.Parse(early.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 15 * 60);

        // After the delay the correct password passes (and clears this client's failures).
        var passed = await UntilNotThrottledAsync(() => client.PostAsJsonAsync("/api/auth/login", new { email, password = ApiFactory.DefaultPassword }));
        await Expect(HttpStatusCode.OK, passed);
        await Expect(HttpStatusCode.Unauthorized, await client.PostAsJsonAsync("/api/auth/login", new { email, password = WrongPassword }));
    }

    [Fact]
    public async Task A_guesser_on_many_addresses_is_stopped_but_the_owner_gets_in_from_a_known_device_or_after_a_reset()
    {
        // The published default admin email is the obvious target: an admin account under attack.
        var (_, email) = await api.CreateUserAsync(Roles.Admin);
        var ownersLaptop = api.CreateApiClient();
        await ApiFactory.LogInAsync(ownersLaptop, email);

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 1; attempt <= 21; attempt++)
        {
            // A fresh address each time: no single client ever reaches its own limit.
            var response = await api.CreateApiClient().PostAsJsonAsync("/api/auth/login", new { email, password = WrongPassword });
            statuses.Add(response.StatusCode);
        }
        Assert.All(statuses.Take(20), status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[20]);

        // Unknown devices are held off, even with the right password (it is not even checked)...
        var newPhone = api.CreateApiClient();
        var refused = await newPhone.PostAsJsonAsync("/api/auth/login", new { email, password = ApiFactory.DefaultPassword });
        var problem = await ExpectProblem(HttpStatusCode.TooManyRequests, refused);
        Assert.Contains("reset", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);

        // ...while the device the owner logged in from before gets in.
        await ApiFactory.LogInAsync(ownersLaptop, email);

        // A password reset (from the new phone) clears the account's counters: the phone logs in.
        await Expect(HttpStatusCode.Accepted, await newPhone.PostAsJsonAsync("/api/auth/password/forgot", new { email }));
        var token = HttpUtility.ParseQueryString(new Uri(ResetLink().Match((await api.ReadOutboxAsync(email))[^1].TextBody).Value).Query)["token"]!;
        await Expect(HttpStatusCode.NoContent,
            await newPhone.PostAsJsonAsync("/api/auth/password/reset", new { email, token, newPassword = "after-the-attack-passphrase" }));
        await ApiFactory.LogInAsync(api.CreateApiClient(), email, "after-the-attack-passphrase");
    }

    [Fact]
    public async Task Throttling_answers_the_same_for_an_email_with_an_account_and_one_without()
    {
        var (_, known) = await api.CreateUserAsync(Roles.Student);
        var unknown = ApiFactory.NewEmail();

        async Task<List<string>> Attack(string email)
        {
            var seen = new List<string>();
            var client = api.CreateApiClient();
            for (var attempt = 1; attempt <= 7; attempt++)
            {
                var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = WrongPassword });
                var body = await ReadProblemAsync(response);
                seen.Add($"{(int)response.StatusCode} {body.GetProperty("title").GetString()} {Normalise(body.GetProperty("detail").GetString())}");
            }
            return seen;
        }

        Assert.Equal(await Attack(known), await Attack(unknown));
    }

    [Fact]
    public async Task Forgot_password_requests_never_keep_the_owner_from_a_working_reset_link()
    {
        var (_, email) = await api.CreateUserAsync(Roles.Student);
        // Someone else asks again and again, from several addresses.
        for (var attempt = 1; attempt <= 4; attempt++)
            await Expect(HttpStatusCode.Accepted, await api.CreateApiClient().PostAsJsonAsync("/api/auth/password/forgot", new { email }));
        // The owner's inbox was not flooded: one email per cooldown.
        Assert.Single(await api.ReadOutboxAsync(email));

        // The owner asks: the same answer as ever, and the newest link in their inbox works.
        var owner = api.CreateApiClient();
        await Expect(HttpStatusCode.Accepted, await owner.PostAsJsonAsync("/api/auth/password/forgot", new { email }));
        var token = HttpUtility.ParseQueryString(new Uri(ResetLink().Match((await api.ReadOutboxAsync(email))[^1].TextBody).Value).Query)["token"]!;
        await Expect(HttpStatusCode.NoContent, await owner.PostAsJsonAsync("/api/auth/password/reset", new { email, token, newPassword = "owner-chose-this-one" }));
        await ApiFactory.LogInAsync(owner, email, "owner-chose-this-one");
    }

    [Fact]
    public async Task Log_in_is_limited_per_ip_with_429_and_retry_after_while_other_ips_go_on()
    {
        var attacker = api.CreateApiClient();
        HttpResponseMessage? refused = null;
        // 30 per minute per IP (unknown emails, so no per-account limit answers).
        for (var attempt = 1; attempt <= 31 && refused is null; attempt++)
        {
            var response = await attacker.PostAsJsonAsync("/api/auth/login", new { email = ApiFactory.NewEmail(), password = WrongPassword });
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
        var other = await bystander.PostAsJsonAsync("/api/auth/login", new { email = ApiFactory.NewEmail(), password = WrongPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
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
        Assert.All(statuses.Take(10), status => Assert.Equal(HttpStatusCode.Accepted, status));
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
                var response = await client.PostAsJsonAsync("/api/auth/login", new { email = ApiFactory.NewEmail(), password = WrongPassword });
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }
            var refused = await onSecond.PostAsJsonAsync("/api/auth/login", new { email = ApiFactory.NewEmail(), password = WrongPassword });
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }
        finally
        {
            await ((IAsyncLifetime)secondTask).DisposeAsync();
        }
    }

    /// <summary>Repeats a request while it answers 429, waiting as long as its Retry-After says (bounded).</summary>
    private static async Task<HttpResponseMessage> UntilNotThrottledAsync(Func<Task<HttpResponseMessage>> send)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.TooManyRequests || DateTime.UtcNow > deadline)
                return response;
            var wait = int.Parse(response.Headers.GetValues("Retry-After").Single());
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(wait, 5)));
        }
    }

    /// <summary>Retry-After seconds in a message differ by timing, not by account.</summary>
    private static string Normalise(string? detail) => Digits().Replace(detail ?? "", "N");

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"http://localhost:3000/reset-password\?\S+")]
    private static partial Regex ResetLink();
}
