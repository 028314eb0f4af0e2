using ApraNova;
using ApraNova.AppHost.Infrastructure;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// The data tier of the seed (PostgreSQL 14 with database apranova_db, Redis 7) in either
/// infrastructure mode. Both return the same resource names and connection string shapes.
/// </summary>
public static class InfrastructureExtensions
{
    /// <summary>Adds the <c>postgres</c> server and returns its <c>apranova-db</c> database.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddApraNovaDatabase(this IDistributedApplicationBuilder builder,
        InfrastructureMode mode, LocalPaths paths)
    {
        if (mode == InfrastructureMode.Containers)
        {
            return builder.AddPostgres(ResourceNames.Postgres)
                .WithImageTag("14")
                .WithDataVolume("apranova-postgres-data")
                .AddDatabase(ResourceNames.Database, ResourceNames.DatabaseName);
        }
        return builder.AddProcessPostgres(ResourceNames.Postgres, paths)
            .AddDatabase(ResourceNames.Database, ResourceNames.DatabaseName);
    }

    /// <summary>Adds the <c>redis</c> cache.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddApraNovaCache(this IDistributedApplicationBuilder builder,
        InfrastructureMode mode, LocalPaths paths)
    {
        if (mode == InfrastructureMode.Containers)
        {
            return builder.AddRedis(ResourceNames.Redis)
                .WithImageTag("7")
                .WithDataVolume("apranova-redis-data");
        }
        return builder.AddProcessRedis(ResourceNames.Redis, paths);
    }
}
