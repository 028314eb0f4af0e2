using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using ApraNova.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ApraNova.Tests.Web;

/// <summary>
/// The whole distributed application (PostgreSQL and Redis as processes, the api, the fake
/// Stripe and the production build of the web), started once for the browser tests by
/// Aspire.Hosting.Testing, plus one Chromium. Everything the tests do goes through the web's
/// origin, as a browser behind the ALB would.
/// </summary>
public sealed partial class WholeAppFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(12);
    private const string ChromiumPath = "/usr/bin/chromium";
    private readonly string _dataDirectory = Path.Combine(TestTools.TestDataRoot, "web-" + Guid.NewGuid().ToString("N"));
    private DistributedApplication? _app;
    private IPlaywright? _playwright;

    public string AdminEmail { get; } = $"root-{Guid.NewGuid():N}@example.com";
    public string AdminPassword { get; } = "Adm1n!" + Guid.NewGuid().ToString("N")[..12];

    public Uri WebUrl { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots are test artifacts: repository root /artifacts/screenshots (git-ignored).</summary>
    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(
        Path.Combine(Path.GetDirectoryName(WebProject.Directory)!, "artifacts", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        // Playwright cannot download browsers here: it drives Debian's Chromium.
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: install it with `apt-get install -y chromium` (.ci/run does).");
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ApraNova_AppHost>(
            [
                "--ApraNova:Infrastructure=processes",
                $"--ApraNova:DataDirectory={_dataDirectory}",
                $"--ApraNova:ToolsDirectory={TestTools.SharedToolsDirectory}",
            ],
            (options, _) => options.DisableDashboard = true,
            timeout.Token);

        // The first administrator of a fresh install comes from the api's bootstrap settings; the
        // dev outbox lets the test read the emails (welcome / password links) the api sends.
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Api)
            .WithEnvironment("Bootstrap__SuperAdminEmail", AdminEmail)
            .WithEnvironment("Bootstrap__SuperAdminPassword", AdminPassword)
            .WithEnvironment("Mail__DevOutbox", "true");

        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Api, timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Web, timeout.Token);
        WebUrl = _app.GetEndpoint(ResourceNames.Web, "http");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A new browser context (its own cookies), phone-sized unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(int width = 375, int height = 812)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = WebUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>An HttpClient on the web's origin (so /api goes through the web's forwarding).</summary>
    public HttpClient CreateHttpClient(string? accessToken = null)
    {
        var client = new HttpClient { BaseAddress = WebUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (accessToken is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public async Task<HttpClient> LogInAsync(string email, string password)
    {
        using var anonymous = CreateHttpClient();
        var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return CreateHttpClient(body.GetProperty("accessToken").GetString());
    }

    /// <summary>
    /// The newest password link (welcome / set-password / reset) the api emailed to an address,
    /// as a path on the web (the email's origin is the configured public URL).
    /// </summary>
    public async Task<string> WaitForPasswordLinkAsync(string email, TimeSpan? timeout = null)
    {
        using var client = CreateHttpClient();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var emails = await client.GetFromJsonAsync<JsonElement>($"/api/dev/outbox?to={Uri.EscapeDataString(email)}");
            foreach (var message in emails.EnumerateArray())
            {
                var text = message.GetProperty("textBody").GetString() ?? "";
                if (PasswordLink().Match(text) is { Success: true } match)
                {
                    var link = new Uri(match.Value);
                    return link.PathAndQuery;
                }
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No password link was emailed to {email}: {emails}");
            await Task.Delay(500);
        }
    }

    [GeneratedRegex(@"https?://[^\s""'<>]+/reset-password\?[^\s""'<>]+")]
    private static partial Regex PasswordLink();
}

[CollectionDefinition(Name)]
public sealed class WholeAppCollection : ICollectionFixture<WholeAppFixture>
{
    public const string Name = "whole app";
}
