using Aspire.Hosting;
using Npgsql;

namespace ApraNova.Tests.Infrastructure;

/// <summary>
/// A test's handle on the run's one PostgreSQL and Redis (<see cref="SharedInfrastructure"/>):
/// a collection fixture (<see cref="InfrastructureCollection"/>), or created by another fixture
/// (e.g. an api factory) with <c>new</c> and <see cref="InitializeAsync"/>. The first handle
/// starts the infrastructure; it stops once the whole test assembly has run
/// (<see cref="ApraNovaTestFramework"/>), so disposing a handle leaves it to the other tests.
/// Tests keep their data apart (own database per factory, unique emails and keys).
/// </summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    private SharedInfrastructure? _infrastructure;

    private SharedInfrastructure Infrastructure =>
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

    public async Task InitializeAsync() => _infrastructure = await SharedInfrastructure.StartOnceAsync();

    /// <summary>Nothing to release: the infrastructure outlives its handles (see the class summary).</summary>
    public Task DisposeAsync() => Task.CompletedTask;
}
