using System.Globalization;

namespace ApraNova.AppHost.Publishing.Cost;

/// <summary>A priced line: how it was computed (the seed's notation) and its amount in dollars.</summary>
public sealed record CostLine(string Description, string Computation, decimal Amount);

/// <summary>A group of lines (one service, the database, the NAT gateway, …).</summary>
public sealed record CostItem(string Category, string Name, IReadOnlyList<CostLine> Lines)
{
    public decimal Total => Lines.Sum(l => l.Amount);
}

public sealed record CostEstimate(string Configuration, IReadOnlyList<CostItem> Items)
{
    /// <summary>The sum of the printed (rounded) lines, so the report always adds up.</summary>
    public decimal Total => Items.Sum(i => i.Total);

    public decimal CategoryTotal(string category) => Items.Where(i => i.Category == category).Sum(i => i.Total);
}

/// <summary>
/// Prices an <see cref="InfrastructureInventory"/> the way the seed does: every line is
/// quantity × unit price (× 730 hours for hourly prices), rounded to the cent half away from zero
/// (0.0225 × 730 = 16.425 → $16.43, as the seed prints), and totals are sums of rounded lines.
/// </summary>
public static class CostEstimator
{
    public const string Compute = "Compute";
    public const string Database = "Database";
    public const string Networking = "Networking";
    public const string Storage = "Storage";
    public const string Monitoring = "Monitoring";
    public const string DataTransfer = "Data Transfer";

    public static CostEstimate Estimate(string configuration, InfrastructureInventory inventory, PriceTable prices, UsageAssumptions usage)
    {
        var hours = prices.HoursPerMonth;
        var items = new List<CostItem>();

        foreach (var service in inventory.Services)
        {
            var vcpu = service.CpuUnits / 1024m;
            var gb = service.MemoryMiB / 1024m;
            var factor = service.Spot ? 1m - prices.FargateSpotDiscount : 1m;
            var vcpuPrice = prices.FargateVcpuHour * factor;
            var gbPrice = prices.FargateGbHour * factor;
            var tasks = service.Tasks == 1 ? "" : $"{service.Tasks} tasks × ";
            items.Add(new CostItem(Compute, $"ECS Fargate{(service.Spot ? " Spot" : "")} ({service.Name})",
            [
                Line("vCPU", $"{tasks}{N(vcpu)} vCPU × ${P(vcpuPrice)}/hour × {N(hours)} hours", service.Tasks * vcpu * vcpuPrice * hours),
                Line("Memory", $"{tasks}{N(gb)} GB RAM × ${P(gbPrice)}/hour × {N(hours)} hours", service.Tasks * gb * gbPrice * hours),
            ]));
        }

        foreach (var database in inventory.Databases)
        {
            var instanceHour = Price(prices.RdsInstanceHour, database.InstanceClass, "RDS instance class");
            var multiAz = database.MultiAz ? prices.RdsMultiAzFactor : 1m;
            var multiAzText = database.MultiAz ? $" × {N(multiAz)} (Multi-AZ)" : "";
            items.Add(new CostItem(Database, $"RDS {database.InstanceClass}",
            [
                Line("Instance", $"${P(instanceHour)}/hour × {N(hours)} hours{multiAzText}", instanceHour * hours * multiAz),
                Line("Storage", $"{database.StorageGb} GB × ${P(prices.RdsGp2GbMonth)}/GB{multiAzText}", database.StorageGb * prices.RdsGp2GbMonth * multiAz),
            ]));
        }

        foreach (var cache in inventory.Caches)
        {
            var nodeHour = Price(prices.CacheNodeHour, cache.NodeType, "ElastiCache node type");
            var nodes = cache.Nodes == 1 ? "" : $"{cache.Nodes} nodes × ";
            items.Add(new CostItem(Database, $"ElastiCache {cache.NodeType}",
                [Line("Instance", $"{nodes}${P(nodeHour)}/hour × {N(hours)} hours", cache.Nodes * nodeHour * hours)]));
        }

        if (inventory.NatGateways > 0)
        {
            var gateways = inventory.NatGateways == 1 ? "" : $"{inventory.NatGateways} gateways × ";
            items.Add(new CostItem(Networking, "NAT Gateway",
            [
                Line("Gateway", $"{gateways}${P(prices.NatGatewayHour)}/hour × {N(hours)} hours", inventory.NatGateways * prices.NatGatewayHour * hours),
                Line("Data", $"{N(usage.NatDataGb)} GB × ${P(prices.NatDataGb)}/GB", usage.NatDataGb * prices.NatDataGb),
            ]));
        }

        for (var i = 0; i < inventory.LoadBalancers; i++)
        {
            items.Add(new CostItem(Networking, "Application Load Balancer",
            [
                Line("ALB", $"${P(prices.LoadBalancerHour)}/hour × {N(hours)} hours", prices.LoadBalancerHour * hours),
                Line("LCU", $"{N(usage.LoadBalancerCapacityUnits)} × ${P(prices.LcuHour)}/hour × {N(hours)} hours",
                    usage.LoadBalancerCapacityUnits * prices.LcuHour * hours),
            ]));
        }

        if (inventory.FileSystems > 0)
        {
            var gb = usage.EfsStoredGb * inventory.FileSystems;
            items.Add(new CostItem(Storage, "EFS", [Line("Storage", $"{N(gb)} GB × ${P(prices.EfsGbMonth)}/GB", gb * prices.EfsGbMonth)]));
        }

        if (inventory.Repositories > 0)
        {
            var gb = usage.EcrGbPerRepository * inventory.Repositories;
            items.Add(new CostItem(Storage, "ECR", [Line("Storage", $"{N(gb)} GB × ${P(prices.EcrGbMonth)}/GB", gb * prices.EcrGbMonth)]));
        }

        var logsGb = usage.LogsGbPerService * inventory.LogGroups;
        items.Add(new CostItem(Monitoring, "CloudWatch Logs", [Line("Ingestion", $"{N(logsGb)} GB × ${P(prices.LogsIngestGb)}/GB", logsGb * prices.LogsIngestGb)]));
        items.Add(new CostItem(Monitoring, "CloudWatch Metrics", [Line("Metrics", $"{N(usage.Metrics)} × ${P(prices.MetricMonth)}", usage.Metrics * prices.MetricMonth)]));

        items.Add(new CostItem(DataTransfer, "Outbound",
            [Line("Internet", $"{N(usage.DataTransferOutGb)} GB × ${P(prices.DataTransferOutGb)}/GB", usage.DataTransferOutGb * prices.DataTransferOutGb)]));

        return new CostEstimate(configuration, items);
    }

    private static CostLine Line(string description, string computation, decimal exact) =>
        new(description, computation, Math.Round(exact, 2, MidpointRounding.AwayFromZero));

    private static decimal Price(IReadOnlyDictionary<string, decimal> table, string key, string what) =>
        table.TryGetValue(key, out var price)
            ? price
            : throw new InvalidOperationException($"The price table has no price for {what} '{key}'; add it to {nameof(PriceTable)}.");

    /// <summary>Prices with at least cents ($0.10, $0.04048), as the seed writes them.</summary>
    internal static string P(decimal value) => value.ToString("0.00########", CultureInfo.InvariantCulture);

    /// <summary>Shortest invariant rendering (0.50 → 0.5, 730.00 → 730), as the seed writes numbers.</summary>
    internal static string N(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
}
