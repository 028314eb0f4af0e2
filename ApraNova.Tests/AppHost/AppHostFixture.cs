using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using ApraNova.Tests.Infrastructure;

namespace ApraNova.Tests.AppHost;

/// <summary>
/// The whole distributed application exactly as <c>dotnet run --project ApraNova.AppHost</c> models
/// it (processes mode, random ports, a temporary data folder), shared by the tests of the
/// <see cref="AppHostCollection"/>. Started once; a cold start includes installing PostgreSQL and
/// building the web, hence the generous timeout.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(15);

    /// <summary>How long a test waits for resources to be healthy again after it disturbed them (not a performance bound).</summary>
    public static readonly TimeSpan RecoveryTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Resources that must end up running and healthy.</summary>
    public static readonly string[] ServiceResources =
        [ResourceNames.Postgres, ResourceNames.Database, ResourceNames.Redis, ResourceNames.Files, ResourceNames.Api, ResourceNames.Web];

    /// <summary>One-shot steps that must end up finished (exit code 0).</summary>
    public static readonly string[] SetupSteps = ["postgres-install", "web-install", "web-build"];

    private readonly string _dataDirectory = Path.Combine(TestTools.TestDataRoot, "app-" + Guid.NewGuid().ToString("N"));
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost is not started.");

    public string DataDirectory => _dataDirectory;

    public string AdminEmail { get; } = $"root-{Guid.NewGuid():N}@example.com";
    public string AdminPassword { get; } = "Adm1n!" + Guid.NewGuid().ToString("N")[..12];

    public HttpClient CreateApiClient() => App.CreateHttpClient(ResourceNames.Api, "http");

    public HttpClient CreateWebClient() => App.CreateHttpClient(ResourceNames.Web, "http");

    /// <summary>Waits until every service resource is healthy (again), e.g. after a test stopped one.</summary>
    public async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        foreach (var resource in ServiceResources)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
        }
    }

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await TestTools.CreateAppHostAsync(_dataDirectory, [], timeout.Token);

        // The first administrator of a fresh install comes from the api's bootstrap settings
        // (the browser journey logs in with it).
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Api)
            .WithEnvironment("Bootstrap__SuperAdminEmail", AdminEmail)
            .WithEnvironment("Bootstrap__SuperAdminPassword", AdminPassword)
            // Every browser test reaches the api through the web's forwarder from 127.0.0.1, so all of
            // them share one checkout-per-client bucket (10 an hour); the limit itself is proven by the api tests.
            .WithEnvironment("RateLimiting__Policies__checkout-ip__PermitLimit", "1000");

        _app = await builder.BuildAsync(timeout.Token);
        try
        {
            await _app.StartAsync(timeout.Token);
            await WaitUntilHealthyAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            var logs = await TestTools.ResourceLogsAsync(_app, [.. ServiceResources, .. SetupSteps]);
            throw new InvalidOperationException($"The AppHost did not get healthy: {ex.Message}\n{logs}", ex);
        }
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await TestTools.StopAppHostAsync(_app, _dataDirectory);
        }
        else
        {
            TestTools.DeleteDataDirectory(_dataDirectory);
        }
    }
}
