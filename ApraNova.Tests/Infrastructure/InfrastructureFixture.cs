using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ApraNova.Tests.Infrastructure;

/// <summary>
/// Real PostgreSQL and Redis for the tests, started as local processes through the AppHost itself
/// (<c>ApraNova:Infrastructure=processes</c>, a fresh temporary data folder, without the api and
/// web). One AppHost is shared by all fixtures alive at the same time (collections run in
/// parallel) and stopped when the last of them is disposed; tests keep their data apart (own
/// database per factory, unique emails and keys).
/// </summary>
/// <remarks>
/// Use it as a collection fixture (<see cref="InfrastructureCollection"/>) or, from another
/// fixture, <c>new InfrastructureFixture()</c> with <see cref="InitializeAsync"/> and
/// <see cref="DisposeAsync"/>.
/// </remarks>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    private RunningInfrastructure? _infrastructure;

    private RunningInfrastructure Infrastructure =>
        _infrastructure ?? throw new InvalidOperationException($"{nameof(InfrastructureFixture)} is not initialized: await InitializeAsync() first.");

    /// <summary>Npgsql connection string of the <c>apranova_db</c> database (what the api gets as <c>ConnectionStrings__apranova-db</c>).</summary>
    public string DatabaseConnectionString => Infrastructure.DatabaseConnectionString;

    /// <summary>StackExchange.Redis configuration string (what the api gets as <c>ConnectionStrings__redis</c>).</summary>
    public string RedisConnectionString => Infrastructure.RedisConnectionString;

    /// <summary>Connection string of the PostgreSQL server (superuser, no database): create more databases with it.</summary>
    public string ServerConnectionString => Infrastructure.ServerConnectionString;

    /// <summary>The running AppHost (resource notifications, commands, logs).</summary>
    public DistributedApplication App => Infrastructure.App;

    /// <summary>Creates an empty database on the server and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string namePrefix = "apranova_test", CancellationToken cancellationToken = default)
    {
        var name = $"{namePrefix}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ServerConnectionString + ";Database=postgres");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    public async Task InitializeAsync() => _infrastructure = await RunningInfrastructure.AcquireAsync();

    public async Task DisposeAsync()
    {
        if (_infrastructure is not null)
        {
            _infrastructure = null;
            await RunningInfrastructure.ReleaseAsync();
        }
    }

    private sealed record RunningInfrastructure(
        DistributedApplication App, string DataDirectory,
        string DatabaseConnectionString, string RedisConnectionString, string ServerConnectionString)
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
        private static readonly SemaphoreSlim Gate = new(1, 1);
        private static RunningInfrastructure? s_current;
        private static int s_users;

        public static async Task<RunningInfrastructure> AcquireAsync()
        {
            await Gate.WaitAsync();
            try
            {
                s_current ??= await StartAsync();
                s_users++;
                return s_current;
            }
            finally
            {
                Gate.Release();
            }
        }

        public static async Task ReleaseAsync()
        {
            await Gate.WaitAsync();
            try
            {
                if (--s_users == 0 && s_current is { } last)
                {
                    s_current = null;
                    await StopAsync(last.App, last.DataDirectory);
                }
            }
            finally
            {
                Gate.Release();
            }
        }

        private static async Task<RunningInfrastructure> StartAsync()
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            var dataDirectory = Path.Combine(TestTools.TestDataRoot, Guid.NewGuid().ToString("N"));
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ApraNova_AppHost>(
                [
                    "--ApraNova:Infrastructure=processes",
                    $"--ApraNova:DataDirectory={dataDirectory}",
                    $"--ApraNova:ToolsDirectory={TestTools.SharedToolsDirectory}",
                ],
                (options, _) => options.DisableDashboard = true,
                timeout.Token);
            TestTools.KeepOnly(builder, ResourceNames.Postgres, ResourceNames.Database, ResourceNames.Redis);

            var app = await builder.BuildAsync(timeout.Token);
            try
            {
                await app.StartAsync(timeout.Token);
                await app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Database, timeout.Token);
                await app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Redis, timeout.Token);

                return new RunningInfrastructure(
                    app,
                    dataDirectory,
                    await app.GetConnectionStringAsync(ResourceNames.Database, timeout.Token) ?? throw new InvalidOperationException("No database connection string."),
                    await app.GetConnectionStringAsync(ResourceNames.Redis, timeout.Token) ?? throw new InvalidOperationException("No redis connection string."),
                    await app.GetConnectionStringAsync(ResourceNames.Postgres, timeout.Token) ?? throw new InvalidOperationException("No postgres connection string."));
            }
            catch (Exception ex)
            {
                var logs = await TestTools.ResourceLogsAsync(app, [ResourceNames.Postgres, ResourceNames.Redis, ResourceNames.Postgres + "-install", ResourceNames.Redis + "-install"]);
                await StopAsync(app, dataDirectory);
                throw new InvalidOperationException($"The test infrastructure (PostgreSQL, Redis) did not start: {ex.Message}\n{logs}", ex);
            }
        }

        private static async Task StopAsync(DistributedApplication app, string dataDirectory)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await app.StopAsync(timeout.Token);
            await app.DisposeAsync();
            TestTools.DeleteDataDirectory(dataDirectory);
        }
    }
}

/// <summary>Collection sharing the <see cref="InfrastructureFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "infrastructure";
}
