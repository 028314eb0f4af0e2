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

    /// <summary>Resources that must end up running and healthy.</summary>
    public static readonly string[] ServiceResources =
        [ResourceNames.Postgres, ResourceNames.Database, ResourceNames.Redis, ResourceNames.Files, ResourceNames.Api, ResourceNames.Web];

    private readonly string _dataDirectory = Path.Combine(TestTools.TestDataRoot, "app-" + Guid.NewGuid().ToString("N"));
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost is not started.");

    public string DataDirectory => _dataDirectory;

    public string AdminEmail { get; } = $"root-{Guid.NewGuid():N}@example.com";
    public string AdminPassword { get; } = "Adm1n!" + Guid.NewGuid().ToString("N")[..12];

    public HttpClient CreateApiClient() => App.CreateHttpClient(ResourceNames.Api, "http");

    public HttpClient CreateWebClient() => App.CreateHttpClient(ResourceNames.Web, "http");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ApraNova_AppHost>(
            [
                "--ApraNova:Infrastructure=processes",
                $"--ApraNova:DataDirectory={_dataDirectory}",
                $"--ApraNova:ToolsDirectory={TestTools.SharedToolsDirectory}",
            ],
            (options, _) => options.DisableDashboard = true,
            timeout.Token);

        // The first administrator of a fresh install comes from the api's bootstrap settings
        // (the browser journey logs in with it).
        builder.CreateResourceBuilder<ProjectResource>(ResourceNames.Api)
            .WithEnvironment("Bootstrap__SuperAdminEmail", AdminEmail)
            .WithEnvironment("Bootstrap__SuperAdminPassword", AdminPassword);

        _app = await builder.BuildAsync(timeout.Token);
        try
        {
            await _app.StartAsync(timeout.Token);
            foreach (var resource in ServiceResources)
            {
                await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
            }
        }
        catch (Exception ex)
        {
            var logs = await TestTools.ResourceLogsAsync(_app, [.. ServiceResources, "postgres-install", "web-install", "web-build"]);
            throw new InvalidOperationException($"The AppHost did not get healthy: {ex.Message}\n{logs}", ex);
        }
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }
        TestTools.DeleteDataDirectory(_dataDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "apphost";
}
