using ApraNova.Hosting.Postgres;
using ApraNova.Hosting.Redis;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace ApraNova.Hosting.Infrastructure;

/// <summary>
/// The data tier (PostgreSQL 14, Redis 7) in either <see cref="InfrastructureMode"/>. Both modes
/// give the same resource names and connection string shapes, so the services cannot tell them apart.
/// </summary>
public static class DataTierExtensions
{
    /// <summary>Adds the PostgreSQL server <paramref name="serverName"/> and returns its database <paramref name="databaseName"/> (resource <paramref name="resourceName"/>).</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddPostgresDatabase(this IDistributedApplicationBuilder builder,
        LocalInfrastructure infrastructure, string serverName, string resourceName, string databaseName)
    {
        if (infrastructure.Mode == InfrastructureMode.Containers)
        {
            return builder.AddPostgres(serverName)
                .WithImageTag("14")
                .WithDataVolume($"apranova-{serverName}-data")
                .AddDatabase(resourceName, databaseName);
        }
        return builder.AddProcessPostgres(serverName, infrastructure.Paths)
            .AddDatabase(resourceName, databaseName);
    }

    /// <summary>Adds the Redis cache <paramref name="name"/>.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRedisCache(this IDistributedApplicationBuilder builder,
        LocalInfrastructure infrastructure, string name)
    {
        if (infrastructure.Mode == InfrastructureMode.Containers)
        {
            return builder.AddRedis(name)
                .WithImageTag("7")
                .WithDataVolume($"apranova-{name}-data");
        }
        return builder.AddProcessRedis(name, infrastructure.Paths);
    }
}
