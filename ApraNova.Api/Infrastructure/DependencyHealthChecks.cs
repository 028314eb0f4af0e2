using ApraNova.Api.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace ApraNova.Api.Infrastructure;

/// <summary>
/// The readiness checks behind <c>/health</c>, named after what they guard ("database",
/// "cache") so a 503 tells an operator which dependency is down.
/// </summary>
public static class DependencyHealthChecks
{
    public const string Database = "database";
    public const string Cache = "cache";

    public static IHealthChecksBuilder AddDependencyHealthChecks(this IHealthChecksBuilder checks) => checks
        .AddDbContextCheck<ApraNovaDbContext>(Database, HealthStatus.Unhealthy)
        .AddCheck<RedisPingHealthCheck>(Cache, HealthStatus.Unhealthy);

    /// <summary>A real round trip (PING) rather than the multiplexer's cached "connected" flag.</summary>
    private sealed class RedisPingHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var latency = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
                return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:0.0} ms");
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
            {
                return HealthCheckResult.Unhealthy("Redis did not answer PING");
            }
        }
    }
}
