namespace ApraNova.AppHost.Publishing.Cost;

/// <summary>
/// Unit prices (USD, us-east-1) of what the stack creates. The defaults are the seed's cost
/// breakdown (ARCHITECTURE_EXPORT.md, "Monthly Costs (Detailed)"), so the estimate of the seed's
/// configuration reproduces its line items.
/// </summary>
public sealed record PriceTable
{
    public static PriceTable Seed { get; } = new();

    /// <summary>The seed bills every hourly price for 730 hours a month.</summary>
    public decimal HoursPerMonth { get; init; } = 730m;

    public decimal FargateVcpuHour { get; init; } = 0.04048m;
    public decimal FargateGbHour { get; init; } = 0.004445m;

    /// <summary>
    /// Fargate Spot discount. The seed's "Use Fargate Spot: -$8.10" on $27.03 of Fargate is 30 %;
    /// AWS advertises up to 70 %, so this is the conservative reading.
    /// </summary>
    public decimal FargateSpotDiscount { get; init; } = 0.30m;

    public IReadOnlyDictionary<string, decimal> RdsInstanceHour { get; init; } = new Dictionary<string, decimal> { ["db.t3.micro"] = 0.017m };
    public decimal RdsGp2GbMonth { get; init; } = 0.115m;

    /// <summary>Multi-AZ runs (and bills) a standby instance and its storage.</summary>
    public decimal RdsMultiAzFactor { get; init; } = 2m;

    public IReadOnlyDictionary<string, decimal> CacheNodeHour { get; init; } = new Dictionary<string, decimal> { ["cache.t3.micro"] = 0.017m };

    public decimal NatGatewayHour { get; init; } = 0.045m;
    public decimal NatDataGb { get; init; } = 0.045m;

    public decimal LoadBalancerHour { get; init; } = 0.0225m;
    public decimal LcuHour { get; init; } = 0.008m;

    public decimal EfsGbMonth { get; init; } = 0.30m;
    public decimal EcrGbMonth { get; init; } = 0.10m;
    public decimal LogsIngestGb { get; init; } = 0.50m;
    public decimal MetricMonth { get; init; } = 0.30m;
    public decimal DataTransferOutGb { get; init; } = 0.09m;
}

/// <summary>
/// Usage a template cannot tell (traffic, stored GB). Seed values; per-service and
/// per-repository figures are the seed's totals divided by its two services, so a third
/// service adds its share.
/// </summary>
public sealed record UsageAssumptions
{
    public static UsageAssumptions Seed { get; } = new();

    /// <summary>The seed's "Reduce logging: -$1.50": 1 GB per service instead of 2.5.</summary>
    public static UsageAssumptions ReducedLogging { get; } = new() { LogsGbPerService = 1m };

    public decimal NatDataGb { get; init; } = 10m;
    public decimal LoadBalancerCapacityUnits { get; init; } = 1m;
    public decimal EfsStoredGb { get; init; } = 10m;
    public decimal EcrGbPerRepository { get; init; } = 0.5m;
    public decimal LogsGbPerService { get; init; } = 2.5m;
    public decimal Metrics { get; init; } = 1m;
    public decimal DataTransferOutGb { get; init; } = 10m;
}
