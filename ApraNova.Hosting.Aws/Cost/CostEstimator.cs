using System.Globalization;
using static ApraNova.Hosting.Aws.Cost.CostCategory;

namespace ApraNova.Hosting.Aws.Cost;

/// <summary>
/// Prices an <see cref="InfrastructureInventory"/> the way the original breakdown does: every line
/// is quantity × unit price (× 730 hours for hourly prices), rounded to the cent half away from
/// zero (0.0225 × 730 = 16.425 → $16.43, as it prints), and totals are sums of rounded lines.
/// </summary>
public static class CostEstimator
{
    public static CostEstimate Estimate(string configuration, InfrastructureInventory inventory, PriceTable prices, UsageAssumptions usage)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(prices);
        ArgumentNullException.ThrowIfNull(usage);

        var hours = prices.HoursPerMonth;
        var items = new List<CostItem>();

        foreach (var service in inventory.Services)
        {
            var vcpu = service.CpuUnits / 1024m;
            var gb = service.MemoryMiB / 1024m;
            var factor = service.Spot ? 1m - prices.FargateSpotDiscount.Amount : 1m;
            var vcpuPrice = prices.FargateVcpuHour.Amount * factor;
            var gbPrice = prices.FargateGbHour.Amount * factor;
            var tasks = service.Tasks == 1 ? "" : $"{service.Tasks} tasks × ";
            items.Add(new CostItem(Compute, $"ECS Fargate{(service.Spot ? " Spot" : "")} ({service.Name})",
            [
                Line("vCPU", $"{tasks}{N(vcpu)} vCPU × ${P(vcpuPrice)}/hour × {N(hours)} hours", service.Tasks * vcpu * vcpuPrice * hours),
                Line("Memory", $"{tasks}{N(gb)} GB RAM × ${P(gbPrice)}/hour × {N(hours)} hours", service.Tasks * gb * gbPrice * hours),
            ]));
        }

        foreach (var database in inventory.Databases)
        {
            var instanceHour = Price(prices.RdsInstanceHour, database.InstanceClass, "RDS instance class").Amount;
            var multiAz = database.MultiAz ? prices.RdsMultiAzFactor.Amount : 1m;
            var multiAzText = database.MultiAz ? $" × {N(multiAz)} (Multi-AZ)" : "";
            items.Add(new CostItem(Database, $"RDS {database.InstanceClass}",
            [
                Line("Instance", $"${P(instanceHour)}/hour × {N(hours)} hours{multiAzText}", instanceHour * hours * multiAz),
                Line("Storage", $"{database.StorageGb} GB × ${P(prices.RdsGp2GbMonth.Amount)}/GB{multiAzText}", database.StorageGb * prices.RdsGp2GbMonth.Amount * multiAz),
            ]));
        }

        foreach (var cache in inventory.Caches)
        {
            var nodeHour = Price(prices.CacheNodeHour, cache.NodeType, "ElastiCache node type").Amount;
            var nodes = cache.Nodes == 1 ? "" : $"{cache.Nodes} nodes × ";
            items.Add(new CostItem(Database, $"ElastiCache {cache.NodeType}",
                [Line("Instance", $"{nodes}${P(nodeHour)}/hour × {N(hours)} hours", cache.Nodes * nodeHour * hours)]));
        }

        if (inventory.NatGateways > 0)
        {
            var gateways = inventory.NatGateways == 1 ? "" : $"{inventory.NatGateways} gateways × ";
            items.Add(new CostItem(Networking, "NAT Gateway",
            [
                Line("Gateway", $"{gateways}${P(prices.NatGatewayHour.Amount)}/hour × {N(hours)} hours", inventory.NatGateways * prices.NatGatewayHour.Amount * hours),
                Line("Data", $"{N(usage.NatDataGb)} GB × ${P(prices.NatDataGb.Amount)}/GB", usage.NatDataGb * prices.NatDataGb.Amount),
            ]));
        }

        for (var i = 0; i < inventory.LoadBalancers; i++)
        {
            items.Add(new CostItem(Networking, "Application Load Balancer",
            [
                Line("ALB", $"${P(prices.LoadBalancerHour.Amount)}/hour × {N(hours)} hours", prices.LoadBalancerHour.Amount * hours),
                Line("LCU", $"{N(usage.LoadBalancerCapacityUnits)} × ${P(prices.LcuHour.Amount)}/hour × {N(hours)} hours",
                    usage.LoadBalancerCapacityUnits * prices.LcuHour.Amount * hours),
            ]));
        }

        if (inventory.FileSystems > 0)
        {
            var gb = usage.EfsStoredGb * inventory.FileSystems;
            items.Add(new CostItem(Storage, "EFS", [Line("Storage", $"{N(gb)} GB × ${P(prices.EfsGbMonth.Amount)}/GB", gb * prices.EfsGbMonth.Amount)]));
        }

        if (inventory.Repositories > 0)
        {
            var gb = usage.EcrGbPerRepository * inventory.Repositories;
            items.Add(new CostItem(Storage, "ECR", [Line("Storage", $"{N(gb)} GB × ${P(prices.EcrGbMonth.Amount)}/GB", gb * prices.EcrGbMonth.Amount)]));
        }

        var logsGb = usage.LogsGbPerService * inventory.ServiceLogGroups;
        items.Add(new CostItem(Monitoring, "CloudWatch Logs", [Line("Ingestion", $"{N(logsGb)} GB × ${P(prices.LogsIngestGb.Amount)}/GB", logsGb * prices.LogsIngestGb.Amount)]));
        items.Add(new CostItem(Monitoring, "CloudWatch Metrics", [Line("Metrics", $"{N(usage.Metrics)} × ${P(prices.MetricMonth.Amount)}", usage.Metrics * prices.MetricMonth.Amount)]));

        items.Add(new CostItem(DataTransfer, "Outbound",
            [Line("Internet", $"{N(usage.DataTransferOutGb)} GB × ${P(prices.DataTransferOutGb.Amount)}/GB", usage.DataTransferOutGb * prices.DataTransferOutGb.Amount)]));

        AddBeyondOriginal(items, inventory, prices, usage, logsGb);
        return new CostEstimate(configuration, items);
    }

    /// <summary>What the stacks create that the original breakdown leaves out.</summary>
    private static void AddBeyondOriginal(List<CostItem> items, InfrastructureInventory inventory, PriceTable prices, UsageAssumptions usage, decimal serviceLogsGb)
    {
        var hours = prices.HoursPerMonth;

        if (inventory.PublicIpv4Addresses > 0)
        {
            var addresses = inventory.PublicIpv4Addresses;
            items.Add(Added(Networking, "Public IPv4 addresses",
                Line("Addresses", $"{addresses} × ${P(prices.PublicIpv4Hour.Amount)}/hour × {N(hours)} hours", addresses * prices.PublicIpv4Hour.Amount * hours)));
        }

        // Logs kept for the retention period (30 days): about one month of ingestion stored at any time.
        var flowLogsGb = usage.FlowLogsGb * inventory.FlowLogs;
        var storedGb = serviceLogsGb + flowLogsGb;
        items.Add(Added(Monitoring, "CloudWatch Logs storage",
            Line("Storage", $"{N(storedGb)} GB × ${P(prices.LogsStoredGbMonth.Amount)}/GB", storedGb * prices.LogsStoredGbMonth.Amount)));

        if (inventory.FlowLogs > 0)
        {
            items.Add(Added(Security, "VPC Flow Logs",
                Line("Delivery", $"{N(flowLogsGb)} GB × ${P(prices.FlowLogsIngestGb.Amount)}/GB", flowLogsGb * prices.FlowLogsIngestGb.Amount)));
        }

        if (inventory.Alarms > 0)
        {
            items.Add(Added(Monitoring, "CloudWatch alarms",
                Line("Alarms", $"{inventory.Alarms} × ${P(prices.AlarmMonth.Amount)}", inventory.Alarms * prices.AlarmMonth.Amount)));
        }

        if (inventory.Dashboards > 0)
        {
            items.Add(Added(Monitoring, "CloudWatch dashboard",
                Line("Dashboards", $"{inventory.Dashboards} × ${P(prices.DashboardMonth.Amount)}", inventory.Dashboards * prices.DashboardMonth.Amount)));
        }

        if (inventory.Secrets > 0)
        {
            items.Add(Added(Security, "Secrets Manager",
                Line("Secrets", $"{inventory.Secrets} × ${P(prices.SecretMonth.Amount)}", inventory.Secrets * prices.SecretMonth.Amount)));
        }

        if (inventory.Trails > 0)
        {
            var hundredThousands = usage.CloudTrailEvents / 100_000m * inventory.Trails;
            items.Add(Added(Security, "CloudTrail",
                Line("Management events", $"{N(usage.CloudTrailEvents)} events × ${P(prices.CloudTrailEvents100K.Amount)}/100,000", hundredThousands * prices.CloudTrailEvents100K.Amount)));
        }

        if (inventory.ConfigRecorders > 0)
        {
            var recorded = usage.ConfigItems * inventory.ConfigRecorders;
            items.Add(Added(Security, "AWS Config",
                Line("Configuration items", $"{N(recorded)} × ${P(prices.ConfigItem.Amount)}", recorded * prices.ConfigItem.Amount)));
        }

        if (inventory.TelemetryCollectors > 0)
        {
            // The OpenTelemetry collector sidecars: traces to X-Ray, the declared metrics to CloudWatch (EMF).
            var billedTraces = Math.Max(0m, usage.TracesPerMonth - prices.XRayFreeTracesPerMonth);
            var metrics = ApraNova.Hosting.Aws.Cdk.Telemetry.TelemetryConstruct.CloudWatchMetrics.Count * inventory.TelemetryCollectors;
            var emfGb = usage.TelemetryLogsGbPerService * inventory.TelemetryCollectors;
            items.Add(new CostItem(Monitoring, "Telemetry (AWS Distro for OpenTelemetry → X-Ray, CloudWatch)",
            [
                Line("X-Ray traces", $"({N(usage.TracesPerMonth)} − {N(prices.XRayFreeTracesPerMonth)} free) × ${P(prices.XRayTracesMillion.Amount)}/million",
                    billedTraces / 1_000_000m * prices.XRayTracesMillion.Amount),
                Line("CloudWatch metrics", $"{metrics} × ${P(prices.MetricMonth.Amount)}", metrics * prices.MetricMonth.Amount),
                Line("EMF ingestion", $"{N(emfGb)} GB × ${P(prices.LogsIngestGb.Amount)}/GB", emfGb * prices.LogsIngestGb.Amount),
            ], InOriginalBreakdown: false));
        }

        if (inventory.Buckets > 0)
        {
            var gb = usage.AuditStoredGb * inventory.Buckets;
            items.Add(Added(Storage, "S3 (audit logs)",
                Line("Storage", $"{N(gb)} GB × ${P(prices.S3GbMonth.Amount)}/GB", gb * prices.S3GbMonth.Amount)));
        }
    }

    private static CostItem Added(string category, string name, CostLine line) => new(category, name, [line], InOriginalBreakdown: false);

    private static CostLine Line(string description, string computation, decimal exact) =>
        new(description, computation, Math.Round(exact, 2, MidpointRounding.AwayFromZero));

    private static UnitPrice Price(IReadOnlyDictionary<string, UnitPrice> table, string key, string what) =>
        table.TryGetValue(key, out var price)
            ? price
            : throw new InvalidOperationException($"The price table has no price for {what} '{key}'; add it to {nameof(PriceTable)}.");

    /// <summary>Prices with at least cents ($0.10, $0.04048), as the original breakdown writes them.</summary>
    internal static string P(decimal value) => value.ToString("0.00########", CultureInfo.InvariantCulture);

    /// <summary>Shortest invariant rendering (0.50 → 0.5, 730.00 → 730), as the original breakdown writes numbers.</summary>
    internal static string N(decimal value) => value.ToString("#,0.##########", CultureInfo.InvariantCulture);
}
