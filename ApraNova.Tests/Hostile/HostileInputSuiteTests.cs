using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace ApraNova.Tests.Hostile;

/// <summary>
/// The hostile-input suite. For every operation of the api's OpenAPI document it builds a nominal
/// request and hostile variants (<see cref="HostileRequestGenerator"/>) and sends each as every
/// kind of caller: no token, a forged, expired, unsigned or garbage token, a never-enrolled
/// student, an enrolled student, a trainer (ids: their own, the victim's, unknown, malformed) and
/// staff (ids: a sandbox of their own); then every path with methods it does not have; then raw
/// HTTP that breaks the protocol; then a share of it through the web's /api forwarder. After each
/// request it asserts:
/// <list type="bullet">
/// <item>no 5xx;</item>
/// <item>every 4xx is a ProblemDetails (except HEAD, and what the HTTP server itself rejects before the app);</item>
/// <item>no response header carries anything a request injected;</item>
/// <item>a 4xx changed nothing in the database (every table, every row);</item>
/// <item>nothing a non-staff caller sent changed any of the victim's rows, whatever the status;</item>
/// <item>an invalid token never gets further than no token.</item>
/// </list>
/// The run is fixed by its seed (<c>HOSTILE_SEED</c>, default <see cref="DefaultSeed"/>), printed
/// with every failure, and bounded: a fixed number of requests, stopped after <see cref="TimeBudget"/>.
/// </summary>
public sealed class HostileInputSuiteTests(HostileWorld world, ITestOutputHelper output) : IClassFixture<HostileWorld>
{
    public const int DefaultSeed = 20261126;
    public const int MinimumRequests = 2_000;
    private const int HostileVariantsPerOperation = 4;
    private static readonly TimeSpan TimeBudget = TimeSpan.FromMinutes(20);

    private HostileOutcome outcome = new();
    private string[] database = [];
    private string[] victim = [];
    private Random random = new(DefaultSeed);

    [Fact]
    public async Task Nothing_a_client_sends_gets_a_5xx_a_4xx_without_a_problem_or_an_unwanted_change()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("HOSTILE_SEED"), out var given) ? given : DefaultSeed;
        random = new Random(seed);
        outcome = new HostileOutcome();
        var generator = new HostileRequestGenerator(world.Document, random);
        using var budget = new CancellationTokenSource(TimeBudget);
        var clock = Stopwatch.StartNew();
        database = await world.Fingerprint.ReadAsync();
        victim = await world.Fingerprint.OfUserAsync(world.VictimId);

        using var direct = new HttpClient(NoRedirects(world.Api.CreateSocketHandler(IPAddress.Loopback))) { BaseAddress = world.Api.SocketAddress, Timeout = TimeSpan.FromMinutes(2) };
        var attackers = world.Actors.Where(actor => !actor.IsStaff).ToList();
        var staff = world.Actors.Where(actor => actor.IsStaff).ToList();

        // 1. Every operation, nominal and hostile, by every kind of caller.
        foreach (var operation in world.Document.Operations)
        {
            foreach (var request in generator.For(operation, world.AttackerIds, world.TrackCodes, HostileVariantsPerOperation))
            {
                HttpStatusCode? anonymous = null;
                foreach (var actor in attackers)
                {
                    var status = await SendAsync("direct", direct, request, actor, anonymous, budget.Token);
                    if (actor == world.Anonymous)
                        anonymous = status;
                }
            }
            foreach (var request in generator.For(operation, world.StaffIds, world.TrackCodes, HostileVariantsPerOperation))
            {
                foreach (var actor in staff)
                    await SendAsync("direct", direct, request, actor, null, budget.Token);
            }
        }

        // 2. Method confusion: every path with the methods it does not have.
        string[] methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
        var student = world.Actors.Single(actor => actor.Name == "student");
        foreach (var (path, declared) in world.Document.PathMethods)
        {
            var concrete = System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", _ => world.AttackerIds[random.Next(world.AttackerIds.Count)]);
            foreach (var method in methods.Except(declared))
            {
                var body = method is "POST" or "PUT" or "PATCH" ? Encoding.UTF8.GetBytes("{}") : null;
                var request = new HostileRequest(null, "method-confusion", method, concrete, body, body is null ? null : "application/json");
                await SendAsync("direct", direct, request, world.Anonymous, null, budget.Token);
                await SendAsync("direct", direct, request, student, null, budget.Token);
            }
        }

        // 3. Raw HTTP the client libraries would refuse to send.
        foreach (var (name, raw) in RawRequests())
            await SendRawAsync(name, raw);

        // 4. Through the web's /api forwarder.
        if (world.Web is { } web)
        {
            var handlers = Enumerable.Range(0, 16).Select(_ => new HttpClient(NoRedirects(world.Api.CreateSocketHandler(LoopbackPeer())))
            {
                BaseAddress = web.Address,
                Timeout = TimeSpan.FromMinutes(2),
            }).ToList();
            try
            {
                foreach (var operation in world.Document.Operations)
                {
                    foreach (var request in generator.For(operation, world.AttackerIds, world.TrackCodes, 1))
                    {
                        HttpStatusCode? anonymous = null;
                        foreach (var actor in new[] { world.Anonymous, world.Actors.Single(a => a.Name == "forged-signature"), student })
                        {
                            var status = await SendAsync("through-web", handlers[random.Next(handlers.Count)], request, actor, anonymous, budget.Token, viaWeb: true);
                            if (actor == world.Anonymous)
                                anonymous = status;
                        }
                    }
                }
                foreach (var path in new[] { "/api/tracks/%C0%AE%C0%AE", "/api/%ZZ", "/admin/%ZZ", "/api/tracks/%E0%A4%A", "/api/auth/..%2F..%2Fadmin%2Fusers", "/api/auth/%2e%2e/tracks", "/api/tracks/%00" })
                    await SendAsync("through-web", handlers[0], new HostileRequest(null, "malformed-path", "GET", path), world.Anonymous, null, budget.Token, viaWeb: true);
            }
            finally
            {
                handlers.ForEach(handler => handler.Dispose());
            }
        }

        // Files: no bytes without their row, no upload left half-written.
        await using (var scope = world.Api.CreateDbScope())
        {
            var rows = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(scope.Db.StoredFiles);
            var onDisk = Directory.EnumerateFiles(world.Api.FilesRootPath, "*", SearchOption.AllDirectories).Count(f => !f.Contains("/.tmp/"));
            if (rows != onDisk)
                outcome.Violations.Add($"files: {rows} rows but {onDisk} stored files on disk");
        }

        clock.Stop();
        var summary = $"Hostile suite, seed {seed}: {outcome.Total} requests in {clock.Elapsed.TotalSeconds:0} s; {outcome.Summary()}"
            + (world.WebUnavailable is { } why ? $"; web leg skipped: {why}" : "");
        output.WriteLine(summary);
        Directory.CreateDirectory(ArtifactsDirectory);
        await File.WriteAllTextAsync(Path.Combine(ArtifactsDirectory, "summary.txt"), summary + Environment.NewLine + string.Join(Environment.NewLine, outcome.Violations));

        Assert.False(budget.IsCancellationRequested, $"{summary}: stopped after {TimeBudget} (replay: HOSTILE_SEED={seed})");
        Assert.True(outcome.Violations.Count == 0,
            $"{summary}\n{outcome.Violations.Count} violation(s) (replay with HOSTILE_SEED={seed}); the first 30:\n" + string.Join("\n", outcome.Violations.Take(30)));
        Assert.True(outcome.Total >= MinimumRequests, $"{summary}: fewer than {MinimumRequests} requests");
        Assert.True(world.Web is null || outcome.CountOf("through-web") > 0, summary);
    }

    private static string ArtifactsDirectory => Path.Combine(Path.GetDirectoryName(ApraNova.Tests.Web.WebProject.Directory)!, "artifacts", "hostile");

    private async Task<HttpStatusCode?> SendAsync(string leg, HttpClient client, HostileRequest request, HostileActor actor,
        HttpStatusCode? anonymousStatus, CancellationToken cancellationToken, bool viaWeb = false)
    {
        if (cancellationToken.IsCancellationRequested)
            return null;
        // Behind the forwarder the web decides the client address; directly, each request claims a
        // new one (the socket is loopback, the local forwarder the api trusts), so no per-IP limit
        // turns the whole run into 429s. Header injection brings its own.
        var forwardedFor = request.Mutation == "header-injection" ? "1.1.1.1, <script>, ::ffff:999.1.1.1, unknown" : viaWeb ? null : RandomAddress();
        using var message = request.ToMessage(actor, forwardedFor);
        var description = $"{leg} {request.Describe(actor)}";
        HttpResponseMessage response;
        byte[] body;
        try
        {
            response = await client.SendAsync(message, cancellationToken);
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (HttpRequestException ex) when (request.Mutation == "huge-body")
        {
            // The server may answer 413 and close while the client is still sending.
            outcome.Count(leg, "closed-over-limit");
            await CheckStateAsync(description, actor, statusCode: 413);
            _ = ex;
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            outcome.Count(leg, "no-answer");
            outcome.Violations.Add($"{description} → no answer: {ex.GetType().Name}: {ex.Message}");
            return null;
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            outcome.Count(leg, $"{status / 100}xx");
            if (status >= 500)
                outcome.Violations.Add($"{description} → {status}: {HostileRequest.Excerpt(Encoding.UTF8.GetString(body), 300)}");
            else if (status >= 400 && request.Method != "HEAD" && !RefusedByTheHttpServer(response, body)
                && ProblemDetailsError(response, body) is { } notAProblem)
                outcome.Violations.Add($"{description} → {status} without ProblemDetails ({notAProblem}): {HostileRequest.Excerpt(Encoding.UTF8.GetString(body), 200)}");

            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                if (header.Key.Equals("X-Injected", StringComparison.OrdinalIgnoreCase)
                    || header.Value.Any(value => value.Contains('\r') || value.Contains('\n') || value.Contains("evil=1", StringComparison.Ordinal)))
                    outcome.Violations.Add($"{description} → response header {header.Key} carries injected content: {string.Join(" | ", header.Value)}");
            }

            if (anonymousStatus is HttpStatusCode.Unauthorized && !actor.HoldsValidToken && actor.AccessToken is not null
                && response.StatusCode != HttpStatusCode.Unauthorized)
                outcome.Violations.Add($"{description} → {status}, but without any token it is 401: an invalid token got further than none");

            await CheckStateAsync(description, actor, status);
            return response.StatusCode;
        }
    }

    /// <summary>A 4xx changes nothing; nothing a non-staff caller does touches the victim's rows.</summary>
    private async Task CheckStateAsync(string description, HostileActor actor, int statusCode)
    {
        var after = await world.Fingerprint.ReadAsync();
        if (statusCode >= 400 && !after.SequenceEqual(database))
            outcome.Violations.Add($"{description} → {statusCode}, yet it changed: {string.Join(", ", world.Fingerprint.Changed(database, after))}");
        database = after;
        if (!actor.IsStaff)
        {
            var victimAfter = await world.Fingerprint.OfUserAsync(world.VictimId);
            if (!victimAfter.SequenceEqual(victim))
                outcome.Violations.Add($"{description} → {statusCode}, and the victim's rows changed");
            victim = victimAfter;
        }
    }

    /// <summary>
    /// Kestrel refuses some requests itself, before any of the api's code runs (a NUL in the path):
    /// a bare 400 that closes the connection. Nothing of the app is reached, so there is no problem
    /// document to give; counted apart, still asserted to change nothing.
    /// </summary>
    private bool RefusedByTheHttpServer(HttpResponseMessage response, byte[] body)
    {
        var refused = response.StatusCode == HttpStatusCode.BadRequest && body.Length == 0
            && response.Content.Headers.ContentType is null && response.Headers.ConnectionClose == true;
        if (refused)
            outcome.Note("400 refused by the HTTP server before the app");
        return refused;
    }

    /// <summary>Null when the body is an RFC 7807 problem of this status; otherwise what is wrong with it.</summary>
    private static string? ProblemDetailsError(HttpResponseMessage response, byte[] body)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return $"content type {response.Content.Headers.ContentType?.MediaType ?? "none"}";
        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.TryGetProperty("status", out var status) && status.GetInt32() == (int)response.StatusCode
                ? null
                : "no matching status member";
        }
        catch (JsonException)
        {
            return "not JSON";
        }
    }

    /// <summary>Requests that break HTTP itself; the server must refuse them (4xx) and change nothing.</summary>
    private static IEnumerable<(string Name, string Raw)> RawRequests() =>
    [
        ("nul-in-header", "GET /api/tracks HTTP/1.1\r\nHost: api\r\nX-Test: a\u0000b\r\n\r\n"),
        ("obs-fold", "GET /api/tracks HTTP/1.1\r\nHost: api\r\nX-Forwarded-For: 1.1.1.1\r\n X-Folded: y\r\n\r\n"),
        ("nul-in-path", "GET /api/tracks/%00 HTTP/1.1\r\nHost: api\r\n\r\n"),
        ("smuggling", "POST /api/auth/login HTTP/1.1\r\nHost: api\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("crlf-in-target", "GET /api/tracks\r\nX-Injected: 1 HTTP/1.1\r\nHost: api\r\n\r\n"),
        ("bare-lf", "GET /api/tracks HTTP/1.1\nHost: api\nX-Injected: 1\n\n"),
        ("non-ascii-header-name", "GET /api/tracks HTTP/1.1\r\nHost: api\r\nX-Tést: 1\r\n\r\n"),
        ("huge-header", $"GET /api/tracks HTTP/1.1\r\nHost: api\r\nX-Big: {new string('a', 64 * 1024)}\r\n\r\n"),
        ("non-ascii-header-value", "GET /api/tracks HTTP/1.1\r\nHost: api\r\nX-Forwarded-For: 1.1.1.1, \u00e9\r\nAuthorization: Bearer not.a.jwt\u00e9\r\n\r\n"),
        ("absolute-form-elsewhere", "GET http://evil.example/api/admin/users HTTP/1.1\r\nHost: api\r\n\r\n"),
        ("two-hosts", "GET /api/tracks HTTP/1.1\r\nHost: api\r\nHost: evil\r\n\r\n"),
        ("negative-length", "POST /api/auth/login HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}"),
    ];

    /// <summary>
    /// Raw requests a public read may answer: the api serves one host whatever the target names,
    /// and a header value outside ASCII is read, not refused. What matters for these is checked
    /// anyway: no 5xx, no echo of an injected header, no state change (a forged forwarded address
    /// from a peer that is not the proxy, and a malformed token, are simply not trusted).
    /// </summary>
    private static readonly HashSet<string> AnsweredWhenHarmless = ["absolute-form-elsewhere", "two-hosts", "non-ascii-header-value"];

    private async Task SendRawAsync(string name, string raw)
    {
        var description = $"raw [{name}] {HostileRequest.Excerpt(raw, 120)}";
        var address = world.Api.SocketAddress;
        string answer;
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, address.Port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.UTF8.GetBytes(raw));
            tcp.Client.Shutdown(SocketShutdown.Send);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                answer = await reader.ReadToEndAsync(timeout.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                answer = "";
            }
        }
        var statusLine = answer.Split("\r\n", 2)[0];
        var status = statusLine.Split(' ') is [_, var code, ..] && int.TryParse(code, out var parsed) ? parsed : 0;
        outcome.Count("raw-http", status == 0 ? "closed" : $"{status / 100}xx");
        if (status >= 500 || status is > 0 and < 400 && !AnsweredWhenHarmless.Contains(name))
            outcome.Violations.Add($"{description} → {statusLine}");
        if (answer.Contains("X-Injected", StringComparison.OrdinalIgnoreCase))
            outcome.Violations.Add($"{description} → the answer echoes the injected header");
        await CheckStateAsync(description, world.Anonymous, status == 0 ? 400 : status);
    }

    /// <summary>Redirects are answers to check, not to follow (the api's /admin redirect points at the web).</summary>
    private static SocketsHttpHandler NoRedirects(SocketsHttpHandler handler)
    {
        handler.AllowAutoRedirect = false;
        return handler;
    }

    private string RandomAddress() => $"10.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}";

    private IPAddress LoopbackPeer() => new([127, (byte)random.Next(1, 255), (byte)random.Next(256), (byte)random.Next(1, 255)]);
}
