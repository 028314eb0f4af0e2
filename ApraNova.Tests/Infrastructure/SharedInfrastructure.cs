using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace ApraNova.Tests.Infrastructure;

/// <summary>
/// Real PostgreSQL and Redis for the tests, started as local processes through the AppHost itself
/// (<c>ApraNova:Infrastructure=processes</c>, a fresh temporary data folder, without the api and
/// web): started by the first test that needs it, and stopped by <see cref="ApraNovaTestFramework"/>
/// once every test of the assembly has run. Tests reach it through <see cref="InfrastructureFixture"/>.
/// </summary>
internal sealed record SharedInfrastructure(
    DistributedApplication App, string DataDirectory,
    string DatabaseConnectionString, string RedisConnectionString, string ServerConnectionString)
{
    // A cold start installs PostgreSQL (npm) and Garnet (dotnet tool) on a shared, loaded machine.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);

    // Thread-safe: collections running in parallel all get the one start (or its failure).
    private static readonly Lazy<Task<SharedInfrastructure>> Started = new(StartAsync);

    public static Task<SharedInfrastructure> StartOnceAsync() => Started.Value;

    /// <summary>Stops the infrastructure if a test started it (called once, after the last test).</summary>
    public static async Task StopAsync()
    {
        if (!Started.IsValueCreated)
        {
            return;
        }
        SharedInfrastructure running;
        try
        {
            running = await Started.Value;
        }
        catch (InvalidOperationException)
        {
            return; // It never started; StartAsync cleaned up and the tests that needed it failed with the reason.
        }
        await TestTools.StopAppHostAsync(running.App, running.DataDirectory);
    }

    private static async Task<SharedInfrastructure> StartAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var dataDirectory = Path.Combine(TestTools.TestDataRoot, Guid.NewGuid().ToString("N"));
        var builder = await TestTools.CreateAppHostAsync(dataDirectory, [], timeout.Token);
        TestTools.KeepOnly(builder, ResourceNames.Postgres, ResourceNames.Database, ResourceNames.Redis);

        var app = await builder.BuildAsync(timeout.Token);
        try
        {
            await app.StartAsync(timeout.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Database, timeout.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Redis, timeout.Token);

            return new SharedInfrastructure(
                app,
                dataDirectory,
                await app.GetConnectionStringAsync(ResourceNames.Database, timeout.Token) ?? throw new InvalidOperationException("No database connection string."),
                await app.GetConnectionStringAsync(ResourceNames.Redis, timeout.Token) ?? throw new InvalidOperationException("No redis connection string."),
                await app.GetConnectionStringAsync(ResourceNames.Postgres, timeout.Token) ?? throw new InvalidOperationException("No postgres connection string."));
        }
        catch (Exception ex)
        {
            var logs = await TestTools.ResourceLogsAsync(app, [ResourceNames.Postgres, ResourceNames.Redis, ResourceNames.Postgres + "-install", ResourceNames.Redis + "-install"]);
            await TestTools.StopAppHostAsync(app, dataDirectory);
            throw new InvalidOperationException($"The test infrastructure (PostgreSQL, Redis) did not start: {ex.Message}\n{logs}", ex);
        }
    }
}
