namespace ApraNova.Hosting.Infrastructure;

/// <summary>How PostgreSQL and Redis run locally (<c>ApraNova:Infrastructure</c>).</summary>
public enum InfrastructureMode
{
    /// <summary>Aspire's container integrations (postgres:14, redis:7), as in the original docker-compose.</summary>
    Containers,

    /// <summary>Local processes: no container engine, no system packages needed.</summary>
    Processes,
}
