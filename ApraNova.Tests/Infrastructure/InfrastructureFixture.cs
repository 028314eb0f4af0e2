namespace ApraNova.Tests.Infrastructure;

/// <summary>
/// TEMPORARY stand-in until branch <c>apphost</c> provides the real fixture (PostgreSQL and
/// Redis started through the AppHost): reads a hand-started server from the environment.
/// <c>APRANOVA_TEST_DB</c>: Npgsql connection string to a server where the user may create
/// databases; <c>APRANOVA_TEST_REDIS</c>: StackExchange.Redis configuration string.
/// </summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    public string DatabaseConnectionString { get; private set; } = "";
    public string RedisConnectionString { get; private set; } = "";

    public Task InitializeAsync()
    {
        DatabaseConnectionString = Environment.GetEnvironmentVariable("APRANOVA_TEST_DB")
            ?? throw new InvalidOperationException("Set APRANOVA_TEST_DB (e.g. Host=127.0.0.1;Port=5432;Username=postgres) for the api tests.");
        RedisConnectionString = Environment.GetEnvironmentVariable("APRANOVA_TEST_REDIS")
            ?? throw new InvalidOperationException("Set APRANOVA_TEST_REDIS (e.g. 127.0.0.1:6379) for the api tests.");
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
