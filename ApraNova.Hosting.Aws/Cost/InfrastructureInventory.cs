using System.Globalization;
using System.Text.Json.Nodes;

namespace ApraNova.Hosting.Aws.Cost;

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
    int LoadBalancerPublicAddresses,
    int ElasticIps,
    int FileSystems,
    int Repositories,
    int ServiceLogGroups,
    int FlowLogs,
    int Secrets,
    int Alarms,
    int Dashboards,
    int Trails,
    int ConfigRecorders,
    int Buckets,
    int TelemetryCollectors = 0)
{
    /// <summary>Application Auto Scaling creates two alarms (high, low) for every target-tracking policy at deploy time.</summary>
    public const int AlarmsPerTargetTrackingPolicy = 2;

    /// <summary>Public IPv4 addresses: Elastic IPs, the load balancer's one per subnet, tasks with a public IP.</summary>
    public int PublicIpv4Addresses => ElasticIps + LoadBalancerPublicAddresses + Services.Where(s => s.PublicIp).Sum(s => s.Tasks);

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
            var publicIp = (string?)s.Properties["NetworkConfiguration"]?["AwsvpcConfiguration"]?["AssignPublicIp"] == "ENABLED";
            return new FargateTaskUsage(
                name,
                int.Parse((string)taskDefinition["Cpu"]!, CultureInfo.InvariantCulture),
                int.Parse((string)taskDefinition["Memory"]!, CultureInfo.InvariantCulture),
                (int?)s.Properties["DesiredCount"] ?? 1,
                spot,
                publicIp);
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

        var loadBalancers = OfType("AWS::ElasticLoadBalancingV2::LoadBalancer").ToList();
        var publicLoadBalancerAddresses = loadBalancers
            .Where(l => (string?)l.Properties["Scheme"] == "internet-facing")
            .Sum(l => (l.Properties["Subnets"] as JsonArray)?.Count ?? (l.Properties["SubnetMappings"] as JsonArray)?.Count ?? 0);

        var flowLogGroups = OfType("AWS::EC2::FlowLog")
            .Select(f => (string?)f.Properties["LogGroupName"]?["Ref"])
            .Where(id => id is not null)
            .ToHashSet(StringComparer.Ordinal);

        var targetTrackingPolicies = OfType("AWS::ApplicationAutoScaling::ScalingPolicy")
            .Count(p => (string?)p.Properties["PolicyType"] == "TargetTrackingScaling");

        return new InfrastructureInventory(
            services,
            OfType("AWS::EC2::NatGateway").Count(),
            databases,
            caches,
            loadBalancers.Count,
            publicLoadBalancerAddresses,
            OfType("AWS::EC2::EIP").Count(),
            OfType("AWS::EFS::FileSystem").Count(),
            OfType("AWS::ECR::Repository").Count(),
            OfType("AWS::Logs::LogGroup").Count(l => !flowLogGroups.Contains(l.Id)),
            OfType("AWS::EC2::FlowLog").Count(),
            OfType("AWS::SecretsManager::Secret").Count(),
            OfType("AWS::CloudWatch::Alarm").Count() + (AlarmsPerTargetTrackingPolicy * targetTrackingPolicies),
            OfType("AWS::CloudWatch::Dashboard").Count(),
            OfType("AWS::CloudTrail::Trail").Count(),
            OfType("AWS::Config::ConfigurationRecorder").Count(),
            OfType("AWS::S3::Bucket").Count(),
            OfType("AWS::ECS::TaskDefinition").Sum(t => (t.Properties["ContainerDefinitions"] as JsonArray ?? [])
                .Count(c => c?["Image"] is JsonValue image && image.TryGetValue<string>(out var name)
                    && name.Contains("/aws-otel-collector:", StringComparison.Ordinal))));
    }
}
