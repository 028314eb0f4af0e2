using System.Globalization;
using System.Text.Json.Nodes;

namespace ApraNova.AppHost.Publishing.Cost;

/// <summary>
/// The billable things a set of CloudFormation templates creates, read from the templates
/// themselves, so the estimate prices what would be deployed rather than what was intended.
/// </summary>
public sealed record InfrastructureInventory(
    IReadOnlyList<FargateTaskUsage> Services,
    int NatGateways,
    IReadOnlyList<DatabaseUsage> Databases,
    IReadOnlyList<CacheUsage> Caches,
    int LoadBalancers,
    int FileSystems,
    int Repositories,
    int LogGroups)
{
    public static InfrastructureInventory FromTemplates(IEnumerable<JsonObject> templates)
    {
        var resources = templates
            .SelectMany(t => (t["Resources"] as JsonObject ?? []).Select(r => (Id: r.Key, Resource: r.Value!.AsObject())))
            .ToList();
        var byId = resources.ToDictionary(r => r.Id, r => r.Resource, StringComparer.Ordinal);

        IEnumerable<(string Id, JsonObject Properties)> OfType(string type) => resources
            .Where(r => (string?)r.Resource["Type"] == type)
            .Select(r => (r.Id, r.Resource["Properties"] as JsonObject ?? []));

        var services = OfType("AWS::ECS::Service").Select(s =>
        {
            var taskDefinitionId = (string?)s.Properties["TaskDefinition"]?["Ref"]
                ?? throw new InvalidOperationException($"Service {s.Id} has no task definition reference.");
            var taskDefinition = byId[taskDefinitionId]["Properties"]!.AsObject();
            var name = (string?)taskDefinition["ContainerDefinitions"]?[0]?["Name"] ?? s.Id;
            var spot = s.Properties["CapacityProviderStrategy"] is JsonArray strategy
                && strategy.Any(p => (string?)p?["CapacityProvider"] == "FARGATE_SPOT");
            return new FargateTaskUsage(
                name,
                int.Parse((string)taskDefinition["Cpu"]!, CultureInfo.InvariantCulture),
                int.Parse((string)taskDefinition["Memory"]!, CultureInfo.InvariantCulture),
                (int?)s.Properties["DesiredCount"] ?? 1,
                spot);
        }).ToList();

        var databases = OfType("AWS::RDS::DBInstance").Select(d => new DatabaseUsage(
            (string)d.Properties["DBInstanceClass"]!,
            int.Parse(d.Properties["AllocatedStorage"]!.ToString(), CultureInfo.InvariantCulture),
            (string?)d.Properties["StorageType"] ?? "gp2",
            (bool?)d.Properties["MultiAZ"] ?? false)).ToList();

        var caches = OfType("AWS::ElastiCache::ReplicationGroup").Select(c => new CacheUsage(
                (string)c.Properties["CacheNodeType"]!, (int?)c.Properties["NumCacheClusters"] ?? 1))
            .Concat(OfType("AWS::ElastiCache::CacheCluster").Select(c => new CacheUsage(
                (string)c.Properties["CacheNodeType"]!, (int?)c.Properties["NumCacheNodes"] ?? 1)))
            .ToList();

        return new InfrastructureInventory(
            services,
            OfType("AWS::EC2::NatGateway").Count(),
            databases,
            caches,
            OfType("AWS::ElasticLoadBalancingV2::LoadBalancer").Count(),
            OfType("AWS::EFS::FileSystem").Count(),
            OfType("AWS::ECR::Repository").Count(),
            OfType("AWS::Logs::LogGroup").Count());
    }
}

public sealed record FargateTaskUsage(string Name, int CpuUnits, int MemoryMiB, int Tasks, bool Spot);

public sealed record DatabaseUsage(string InstanceClass, int StorageGb, string StorageType, bool MultiAz);

public sealed record CacheUsage(string NodeType, int Nodes);
