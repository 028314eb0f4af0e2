using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ApraNova.Api.Features.Auth;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Tracks;
using ApraNova.Tests.Api;
using ApraNova.Tests.Api.Payments;
using Npgsql;

namespace ApraNova.Tests.Faults;

/// <summary>
/// What every fault test arranges through the api's public endpoints, as people would: the first
/// administrator (bootstrap settings), a track of its own with many steps, students who sign up
/// through the emailed link (read from the outbox table, where every email waits) and are
/// enrolled, and the database read back afterwards.
/// </summary>
public sealed partial class FaultScenario(Uri api, string databaseConnectionString)
{
    // The test's own reads never reuse a connection: a pooled one may have died with the server.
    private readonly string _checks = new Npgsql.NpgsqlConnectionStringBuilder(databaseConnectionString) { Pooling = false }.ConnectionString;

    public const string Password = "fault-tests-correct-horse";
    public static readonly string AdminEmail = $"fault-admin-{Guid.NewGuid():N}@test.apranova.dev";
    private const string AdminPassword = "fault-tests-admin-password-0123";

    private HttpClient? _admin;

    public string DatabaseConnectionString => databaseConnectionString;

    /// <summary>
    /// The configuration an api process of the scenario gets: its database and cache, a signing
    /// key (one per scenario: every instance must accept the others' tokens), the first
    /// administrator, and <paramref name="extra"/> last.
    /// </summary>
    public static Dictionary<string, string> ApiSettings(string databaseConnectionString, string redisConnectionString, string signingKey,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:apranova-db"] = databaseConnectionString,
            ["ConnectionStrings:redis"] = redisConnectionString,
            ["Jwt:SigningKey"] = signingKey,
            ["Bootstrap:SuperAdminEmail"] = AdminEmail,
            ["Bootstrap:SuperAdminPassword"] = AdminPassword,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        return settings;
    }

    public static string NewSigningKey() => Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    public HttpClient NewClient() => ApiProcess.CreateClient(api);

    public async Task<HttpClient> AdminAsync()
    {
        if (_admin is not null)
        {
            return _admin;
        }
        var client = NewClient();
        await LogInAsync(client, AdminEmail, AdminPassword);
        return _admin = client;
    }

    public static async Task<AuthResponse> LogInAsync(HttpClient client, string email, string password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"log-in as {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var auth = (await response.Content.ReadFromJsonAsync<AuthResponse>())!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", auth.AccessToken);
        return auth;
    }

    /// <summary>A new track (random code, priced, so it can be bought) with one project of <paramref name="steps"/> steps; returns its code and step ids.</summary>
    public async Task<(string Code, IReadOnlyList<Guid> StepIds)> CreateTrackAsync(int steps)
    {
        var admin = await AdminAsync();
        var code = "F" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await ApiAssert.Expect(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/admin/tracks",
            new { code, name = $"Faults {code}", description = "A fault test's track", priceCents = 1000, currency = "usd" }));
        var track = await ApiAssert.Read<TrackDetail>(HttpStatusCode.Created, await admin.PostAsJsonAsync($"/api/admin/tracks/{code}/projects",
            new { title = "Project 1", summary = "Do the work" }));
        var projectId = track.Projects[0].Id;
        for (var s = 0; s < steps; s++)
        {
            await ApiAssert.Expect(HttpStatusCode.Created, await admin.PostAsJsonAsync($"/api/admin/tracks/{code}/projects/{projectId}/steps",
                new { title = $"Step {s + 1}", instructions = "Read and practise" }));
        }
        track = await ApiAssert.Read<TrackDetail>(HttpStatusCode.OK, await admin.GetAsync($"/api/tracks/{code}"));
        return (code, track.Projects[0].Steps.Select(step => step.Id).ToList());
    }

    /// <summary>Signs a student up (form, emailed link, confirmation) and enrolls them in <paramref name="trackCode"/> when given.</summary>
    public async Task<FaultStudent> StudentAsync(string name, string? trackCode)
    {
        var client = NewClient();
        var email = ApiFactory.NewEmail("fault-" + name);
        var signUp = await client.PostAsJsonAsync("/api/auth/signup", new { email, password = Password, fullName = $"Fault {name}" });
        Assert.True(signUp.StatusCode == HttpStatusCode.Accepted, $"sign-up: {(int)signUp.StatusCode} {await signUp.Content.ReadAsStringAsync()}");
        var token = await ConfirmationTokenAsync(email);
        var confirmed = await ApiAssert.Read<AuthResponse>(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/auth/signup/confirm", new { token }));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", confirmed.AccessToken);
        if (trackCode is not null)
        {
            await ApiAssert.Read<EnrollmentAdminView>(HttpStatusCode.Created,
                await (await AdminAsync()).PostAsJsonAsync("/api/admin/enrollments", new { studentId = confirmed.User.Id, trackCode }));
        }
        return new FaultStudent(name, client, confirmed.User.Id, email);
    }

    /// <summary>The sign-up link's token, from the email waiting in the outbox table.</summary>
    public async Task<string> ConfirmationTokenAsync(string email)
    {
        var body = await ScalarAsync<string>("""SELECT text_body FROM outbox_emails WHERE "to" = @p0 ORDER BY created_at DESC LIMIT 1""", email);
        var link = ConfirmationLink().Match(body ?? "");
        Assert.True(link.Success, $"no confirmation link emailed to {email}");
        return Uri.UnescapeDataString(link.Groups[1].Value);
    }

    /// <summary>
    /// Delivers <paramref name="stripeEvent"/> as Stripe does: again and again (every 250 ms here,
    /// Stripe backs off for days) until the api answers 2xx. Every attempt is recorded.
    /// </summary>
    public static async Task<Attempt> DeliverUntilAcknowledgedAsync(LoadRecorder load, string client, HttpClient http, RecordedEvent stripeEvent, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var attempt = await load.SendAsync(client, "webhook", stripeEvent.Id, http, () => StripeStandIn.Delivery(stripeEvent));
            if (attempt.Acknowledged)
            {
                return attempt;
            }
            Assert.True(attempt.Status is 0 or >= 500, $"webhook {stripeEvent.Id} refused for good: {attempt.Status} {attempt.Body}");
            Assert.True(DateTime.UtcNow < deadline, $"webhook {stripeEvent.Id} still not acknowledged after {patience}: last {attempt.Outcome} {attempt.Body}");
            await Task.Delay(250);
        }
    }

    public async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(_checks);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i}", parameters[i]);
        }
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>Reads rows of one or two columns, for the checks after a fault.</summary>
    public async Task<List<object?[]>> RowsAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(_checks);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i}", parameters[i]);
        }
        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var c = 0; c < reader.FieldCount; c++)
            {
                row[c] = reader.IsDBNull(c) ? null : reader.GetValue(c);
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Waits for a condition with a deadline (never a fixed sleep for correctness).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan patience, Func<string> whyNot)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {patience.TotalSeconds:0} s: {whyNot()}");
            }
            await Task.Delay(50);
        }
    }

    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan patience, Func<string> whyNot) =>
        WaitUntilAsync(() => Task.FromResult(condition()), patience, whyNot);

    [GeneratedRegex(@"/confirm-email\?token=(\S+)")]
    private static partial Regex ConfirmationLink();
}
