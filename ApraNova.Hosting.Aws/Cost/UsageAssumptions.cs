namespace ApraNova.Hosting.Aws.Cost;

/// <summary>
/// Usage a template cannot tell (traffic, stored GB, events). The original breakdown's values;
/// per-service and per-repository figures are its totals divided by its two services, so a third
/// service adds its share. The figures for what we added are assumptions for a small site.
/// </summary>
public sealed record UsageAssumptions
{
    public static UsageAssumptions Architecture { get; } = new();

    /// <summary>The original "Reduce logging: -$1.50": 1 GB per service instead of 2.5.</summary>
    public static UsageAssumptions ReducedLogging { get; } = new() { LogsGbPerService = 1m };

    public decimal NatDataGb { get; init; } = 10m;
    public decimal LoadBalancerCapacityUnits { get; init; } = 1m;
    public decimal EfsStoredGb { get; init; } = 10m;
    public decimal EcrGbPerRepository { get; init; } = 0.5m;
    public decimal LogsGbPerService { get; init; } = 2.5m;
    public decimal Metrics { get; init; } = 1m;
    public decimal DataTransferOutGb { get; init; } = 10m;

    /// <summary>Assumption: flow-log records of a small site's traffic (about 7 million records of ~150 bytes).</summary>
    public decimal FlowLogsGb { get; init; } = 1m;

    /// <summary>Assumption: management events a month in a small account (ECS, auto scaling and console calls).</summary>
    public decimal CloudTrailEvents { get; init; } = 100_000m;

    /// <summary>Assumption: configuration items recorded a month (task churn, scaling, deployments).</summary>
    public decimal ConfigItems { get; init; } = 1_000m;

    /// <summary>Assumption: audit logs kept in the audit bucket.</summary>
    public decimal AuditStoredGb { get; init; } = 1m;

    /// <summary>Assumption: traces a month sent to X-Ray (one per request through the web and the api, all sampled).</summary>
    public decimal TracesPerMonth { get; init; } = 1_000_000m;

    /// <summary>Assumption: EMF records the telemetry collector writes per service (a minute's metrics at a time).</summary>
    public decimal TelemetryLogsGbPerService { get; init; } = 0.1m;
}
