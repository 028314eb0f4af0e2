using System.Collections.Frozen;

namespace ApraNova.Hosting.Aws.Cost;

/// <summary>
/// Unit prices (USD, us-east-1) of everything the stacks create that costs money. The prices of
/// the original cost breakdown (docs/architecture.md §8) are kept as it states them, so the
/// original configuration reproduces its line items; the rest are AWS's list prices, each with
/// the page it was read from.
/// </summary>
public sealed record PriceTable
{
    private const string Original = "docs/architecture.md §8 (the original cost breakdown)";
    private const string FargatePage = "https://aws.amazon.com/fargate/pricing/";
    private const string VpcPage = "https://aws.amazon.com/vpc/pricing/";
    private const string CloudWatchPage = "https://aws.amazon.com/cloudwatch/pricing/";

    public static PriceTable Current { get; } = new();

    /// <summary>Every hourly price is billed for 730 hours a month, as the original breakdown does.</summary>
    public decimal HoursPerMonth { get; init; } = 730m;

    public UnitPrice FargateVcpuHour { get; init; } = new(0.04048m, "vCPU-hour", $"{Original}; {FargatePage}");
    public UnitPrice FargateGbHour { get; init; } = new(0.004445m, "GB-hour", $"{Original}; {FargatePage}");

    /// <summary>
    /// Fargate Spot discount. The original "Use Fargate Spot: -$8.10" on $27.03 of Fargate is 30 %;
    /// AWS advertises up to 70 %, so this is the conservative reading.
    /// </summary>
    public UnitPrice FargateSpotDiscount { get; init; } = new(0.30m, "fraction off on-demand", $"{Original}; {FargatePage}");

    public IReadOnlyDictionary<string, UnitPrice> RdsInstanceHour { get; init; } = new Dictionary<string, UnitPrice>
    {
        ["db.t3.micro"] = new(0.017m, "instance-hour", $"{Original}; https://aws.amazon.com/rds/postgresql/pricing/"),
    }.ToFrozenDictionary();

    public UnitPrice RdsGp2GbMonth { get; init; } = new(0.115m, "GB-month (gp2)", $"{Original}; https://aws.amazon.com/rds/postgresql/pricing/");

    /// <summary>Multi-AZ runs (and bills) a standby instance and its storage.</summary>
    public UnitPrice RdsMultiAzFactor { get; init; } = new(2m, "× single-AZ", "https://aws.amazon.com/rds/postgresql/pricing/ (Multi-AZ deployments)");

    public IReadOnlyDictionary<string, UnitPrice> CacheNodeHour { get; init; } = new Dictionary<string, UnitPrice>
    {
        ["cache.t3.micro"] = new(0.017m, "node-hour", $"{Original}; https://aws.amazon.com/elasticache/pricing/"),
    }.ToFrozenDictionary();

    public UnitPrice NatGatewayHour { get; init; } = new(0.045m, "gateway-hour", $"{Original}; {VpcPage}");
    public UnitPrice NatDataGb { get; init; } = new(0.045m, "GB processed", $"{Original}; {VpcPage}");

    /// <summary>Every public IPv4 address (the NAT gateway's, the load balancer's per AZ, tasks' when they have one), since February 2024.</summary>
    public UnitPrice PublicIpv4Hour { get; init; } = new(0.005m, "address-hour", $"{VpcPage} (Public IPv4 Address)");

    public UnitPrice LoadBalancerHour { get; init; } = new(0.0225m, "ALB-hour", $"{Original}; https://aws.amazon.com/elasticloadbalancing/pricing/");
    public UnitPrice LcuHour { get; init; } = new(0.008m, "LCU-hour", $"{Original}; https://aws.amazon.com/elasticloadbalancing/pricing/");

    public UnitPrice EfsGbMonth { get; init; } = new(0.30m, "GB-month (Standard)", $"{Original}; https://aws.amazon.com/efs/pricing/");
    public UnitPrice EcrGbMonth { get; init; } = new(0.10m, "GB-month", $"{Original}; https://aws.amazon.com/ecr/pricing/");

    public UnitPrice LogsIngestGb { get; init; } = new(0.50m, "GB ingested", $"{Original}; {CloudWatchPage} (Logs: collect)");
    public UnitPrice LogsStoredGbMonth { get; init; } = new(0.03m, "GB-month archived", $"{CloudWatchPage} (Logs: store)");

    /// <summary>VPC flow logs are "vended logs": delivery to CloudWatch Logs at this price (first 10 TB).</summary>
    public UnitPrice FlowLogsIngestGb { get; init; } = new(0.50m, "GB delivered", $"{CloudWatchPage} (Vended Logs, delivery to CloudWatch Logs)");

    public UnitPrice MetricMonth { get; init; } = new(0.30m, "metric-month", $"{Original}; {CloudWatchPage} (custom metrics)");
    public UnitPrice AlarmMonth { get; init; } = new(0.10m, "alarm-month (standard resolution)", $"{CloudWatchPage} (Alarms)");
    public UnitPrice DashboardMonth { get; init; } = new(3.00m, "dashboard-month", $"{CloudWatchPage} (Dashboards)");

    public UnitPrice SecretMonth { get; init; } = new(0.40m, "secret-month", "https://aws.amazon.com/secrets-manager/pricing/");

    public UnitPrice DataTransferOutGb { get; init; } = new(0.09m, "GB out to the internet", $"{Original}; https://aws.amazon.com/ec2/pricing/on-demand/ (Data Transfer)");

    /// <summary>
    /// Management events of a trail beyond the account's first copy of them (most accounts already
    /// have a trail, so this stack's trail is an additional copy).
    /// </summary>
    public UnitPrice CloudTrailEvents100K { get; init; } = new(2.00m, "100,000 management events (additional copy)", "https://aws.amazon.com/cloudtrail/pricing/");

    public UnitPrice ConfigItem { get; init; } = new(0.003m, "configuration item recorded", "https://aws.amazon.com/config/pricing/");

    public UnitPrice S3GbMonth { get; init; } = new(0.023m, "GB-month (S3 Standard)", "https://aws.amazon.com/s3/pricing/");

    /// <summary>X-Ray traces recorded beyond the free tier (the first 100,000 a month are free).</summary>
    public UnitPrice XRayTracesMillion { get; init; } = new(5.00m, "million traces recorded", "https://aws.amazon.com/xray/pricing/");
    public decimal XRayFreeTracesPerMonth { get; init; } = 100_000m;

    /// <summary>Every price of the table with its name, for the report.</summary>
    public IEnumerable<(string Name, UnitPrice Price)> All()
    {
        yield return ("Fargate vCPU", FargateVcpuHour);
        yield return ("Fargate memory", FargateGbHour);
        yield return ("Fargate Spot discount", FargateSpotDiscount);
        foreach (var (type, price) in RdsInstanceHour)
        {
            yield return ($"RDS {type}", price);
        }

        yield return ("RDS gp2 storage", RdsGp2GbMonth);
        yield return ("RDS Multi-AZ", RdsMultiAzFactor);
        foreach (var (type, price) in CacheNodeHour)
        {
            yield return ($"ElastiCache {type}", price);
        }

        yield return ("NAT gateway", NatGatewayHour);
        yield return ("NAT gateway data", NatDataGb);
        yield return ("Public IPv4 address", PublicIpv4Hour);
        yield return ("Application Load Balancer", LoadBalancerHour);
        yield return ("Load balancer capacity unit", LcuHour);
        yield return ("EFS storage", EfsGbMonth);
        yield return ("ECR storage", EcrGbMonth);
        yield return ("CloudWatch Logs ingestion", LogsIngestGb);
        yield return ("CloudWatch Logs storage", LogsStoredGbMonth);
        yield return ("VPC flow logs delivery", FlowLogsIngestGb);
        yield return ("CloudWatch metric", MetricMonth);
        yield return ("CloudWatch alarm", AlarmMonth);
        yield return ("CloudWatch dashboard", DashboardMonth);
        yield return ("Secrets Manager secret", SecretMonth);
        yield return ("Data transfer out", DataTransferOutGb);
        yield return ("CloudTrail management events", CloudTrailEvents100K);
        yield return ("AWS Config", ConfigItem);
        yield return ("S3 storage", S3GbMonth);
        yield return ("X-Ray traces", XRayTracesMillion);
    }
}
