using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using ApraNova.Tests.Infrastructure;
using Npgsql;
using StackExchange.Redis;

namespace ApraNova.Tests.Faults;

/// <summary>
/// A PostgreSQL and a Redis of the fault tests' own, which they may kill: started exactly as the
/// shared test infrastructure starts its pair (<see cref="SharedInfrastructure"/>: the AppHost in
/// processes mode, only the data tier, a fresh data folder), so a kill never touches what the
/// other tests run on. <see cref="KillAsync"/> SIGKILLs a server's whole process tree;
/// <see cref="StartAsync"/> starts it again through Aspire's own start command (the dashboard's
/// button), on the same data folder and behind the same address.
/// </summary>
public sealed class FaultInfrastructure : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    private readonly string _dataDirectory = Path.Combine(TestTools.TestDataRoot, "faults-" + Guid.NewGuid().ToString("N"));
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The fault infrastructure is not started.");

    /// <summary>The PostgreSQL server (superuser, no database).</summary>
    public string ServerConnectionString { get; private set; } = "";

    /// <summary>StackExchange.Redis configuration string, as the api gets it.</summary>
    public string RedisConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await TestTools.CreateAppHostAsync(_dataDirectory, [], timeout.Token);
        TestTools.KeepOnly(builder, ResourceNames.Postgres, ResourceNames.Database, ResourceNames.Redis);
        _app = await builder.BuildAsync(timeout.Token);
        try
        {
            await _app.StartAsync(timeout.Token);
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Database, timeout.Token);
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Redis, timeout.Token);
            ServerConnectionString = await _app.GetConnectionStringAsync(ResourceNames.Postgres, timeout.Token)
                ?? throw new InvalidOperationException("No postgres connection string.");
            RedisConnectionString = await _app.GetConnectionStringAsync(ResourceNames.Redis, timeout.Token)
                ?? throw new InvalidOperationException("No redis connection string.");
        }
        catch (Exception ex)
        {
            var logs = await TestTools.ResourceLogsAsync(_app, [ResourceNames.Postgres, ResourceNames.Redis]);
            await TestTools.StopAppHostAsync(_app, _dataDirectory);
            _app = null;
            throw new InvalidOperationException($"The fault tests' PostgreSQL and Redis did not start: {ex.Message}\n{logs}", ex);
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

    /// <summary>Creates an empty database on the server and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"apranova_fault_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ServerConnectionString + ";Database=postgres");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>SIGKILLs the resource's process and everything below it; returns once none of them runs and Aspire has seen it end.</summary>
    public async Task<int> KillAsync(string resourceName)
    {
        var pid = Pid(resourceName) ?? throw new InvalidOperationException($"{resourceName} has no process id: is it running?");
        var killed = await ProcessKiller.KillTreeAsync(pid, TimeSpan.FromSeconds(30));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await App.ResourceNotifications.WaitForResourceAsync(resourceName,
            e => e.Snapshot.State?.Text is not null && e.Snapshot.State.Text != KnownResourceStates.Running && e.Snapshot.State.Text != KnownResourceStates.Starting,
            timeout.Token);
        return killed;
    }

    /// <summary>Starts a killed resource again (Aspire's start command) and waits until it answers its clients.</summary>
    public async Task StartAsync(string resourceName)
    {
        var started = await App.ResourceCommands.ExecuteCommandAsync(resourceName, KnownResourceCommands.StartCommand);
        if (!started.Success)
        {
            throw new InvalidOperationException($"Starting {resourceName} failed: {started.Message}\n{await LogsAsync()}");
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            while (!await AnswersAsync(resourceName))
            {
                await Task.Delay(50, timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{resourceName} did not answer within 90 s of being started again.\n{await LogsAsync()}");
        }
    }

    /// <summary>Whether the server answers a real round trip now (a query, a PING).</summary>
    public async Task<bool> AnswersAsync(string resourceName)
    {
        try
        {
            if (resourceName == ResourceNames.Redis)
            {
                using var redis = await ConnectionMultiplexer.ConnectAsync(RedisConnectionString + ",abortConnect=false,connectTimeout=1000,connectRetry=0");
                await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(1));
                return true;
            }
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ServerConnectionString + ";Database=postgres")
            {
                Pooling = false,
                Timeout = 2,
            }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync();
            return true;
        }
        catch (Exception ex) when (ex is RedisException or NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The server processes' console output, for a failure message that says why.</summary>
    public Task<string> LogsAsync() => TestTools.ResourceLogsAsync(App, [ResourceNames.Postgres, ResourceNames.Redis]);

    private int? Pid(string resourceName)
    {
        if (!App.ResourceNotifications.TryGetCurrentState(resourceName, out var resource))
        {
            return null;
        }
        var value = resource.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value;
        return value is null ? null : Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }
}
