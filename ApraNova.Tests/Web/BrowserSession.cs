using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using ApraNova.Tests.AppHost;
using Microsoft.Playwright;

namespace ApraNova.Tests.Web;

/// <summary>
/// One Chromium (Playwright driving an installed browser: <see cref="ChromiumPath"/>) on the whole
/// application that <see cref="AppHostFixture"/> started. Everything the browser tests do goes
/// through the web's origin, as a browser behind the ALB would.
/// </summary>
public sealed partial class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private BrowserSession(AppHostFixture host, IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
        WebUrl = host.App.GetEndpoint(ResourceNames.Web, "http");
        AdminEmail = host.AdminEmail;
        AdminPassword = host.AdminPassword;
    }

    public string AdminEmail { get; }
    public string AdminPassword { get; }
    public Uri WebUrl { get; }
    public IBrowser Browser { get; }

    /// <summary>Screenshots are test artifacts: repository root /artifacts/screenshots (git-ignored).</summary>
    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(
        Path.Combine(Path.GetDirectoryName(WebProject.Directory)!, "artifacts", "screenshots")).FullName;

    /// <summary>The environment variable that names the Chromium executable.</summary>
    public const string ChromiumPathVariable = "CHROMIUM_PATH";

    /// <summary>
    /// The Chromium to drive: <c>CHROMIUM_PATH</c> when set, else Debian's package
    /// (<c>apt-get install chromium</c>). Playwright's own browser download is not used: the
    /// machines reach package registries only.
    /// </summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable(ChromiumPathVariable) is { Length: > 0 } configured ? configured : "/usr/bin/chromium";

    public static async Task<BrowserSession> StartAsync(AppHostFixture host)
    {
        var chromium = ChromiumPath;
        if (!File.Exists(chromium))
            throw new InvalidOperationException(
                $"Chromium was not found at {chromium}. Install it (apt-get install chromium) or set {ChromiumPathVariable} to its executable.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        return new BrowserSession(host, playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
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
        context.SetDefaultTimeout((float)PageNavigation.Patience.TotalMilliseconds);
        var page = await context.NewPageAsync();
        PageNavigation.Record(page);
        return page;
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
            var emails = await client.GetFromJsonAsync<JsonElement>($"/api/dev/mail?to={Uri.EscapeDataString(email)}");
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
