using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.Logs;
using ApraNova.Hosting.Aws.Cdk.Audit;
using ApraNova.Hosting.Aws.Cdk.Configuration;
using ApraNova.Hosting.Aws.Cdk.Data;
using ApraNova.Hosting.Aws.Cdk.Edge;
using ApraNova.Hosting.Aws.Cdk.Mail;
using ApraNova.Hosting.Aws.Cdk.Monitoring;
using ApraNova.Hosting.Aws.Cdk.Network;
using ApraNova.Hosting.Aws.Cdk.Services;
using ApraNova.Hosting.Aws.Cdk.Telemetry;
using ApraNova.Hosting.Aws.Model;
using Constructs;

namespace ApraNova.Hosting.Aws.Cdk;

/// <summary>
/// The production architecture (docs/architecture.md) built from an <see cref="AwsDeployment"/>,
/// one construct per concern, each taking what it needs from those before it:
/// network → data stores → parameters → edge (load balancer, domain) → services → routing →
/// monitoring → audit (optional). Environment-agnostic (no account or region), so it synthesizes
/// offline and deploys to whichever account <c>cdk deploy</c> is pointed at.
/// </summary>
public sealed class ApplicationStack : Stack
{
    /// <param name="imageContexts">Service name → folder with its Dockerfile (staged as an image asset).</param>
    /// <param name="repositories">ECR repositories, used instead of image assets when an image tag is set.</param>
    public ApplicationStack(
        Construct scope,
        string id,
        AwsDeployment deployment,
        AwsPublishOptions options,
        IReadOnlyDictionary<string, string> imageContexts,
        IReadOnlyDictionary<string, Repository> repositories,
        IStackProps? props = null)
        : base(scope, id, props)
    {
        var logRetention = Retention(options.LogRetentionDays);

        Network = new NetworkConstruct(this, "Network", new NetworkProps(options.NatGateways, options.FlowLogs, logRetention));

        Database = deployment.Database is { } database
            ? new DatabaseConstruct(this, "Database", new DatabaseProps(Network, database, options.MultiAz, options.StorageEncrypted))
            : null;
        Cache = deployment.Cache is { } cache ? new CacheConstruct(this, "Cache", new CacheProps(Network, cache)) : null;
        FileStores = deployment.FileSystems.ToDictionary(
            f => f.ResourceName,
            f => new FileStoreConstruct(this, $"{CdkNames.Pascal(f.ResourceName)}Store", new FileStoreProps(Network, f)),
            StringComparer.Ordinal);

        Parameters = new ParametersConstruct(this, "Parameters", new ParametersProps(deployment.Name, deployment.Parameters));

        Edge = new EdgeConstruct(this, "Edge", new EdgeProps(
            Network, options.DomainName, options.HostedZoneId, options.HostedZoneName, options.CertificateArn));

        var values = new DeploymentValueResolver(Database, Cache, Parameters, Edge.Origin, [.. deployment.Services.Select(s => s.Name)]);
        Services = new ServicesConstruct(this, "Services", new ServicesProps(
            Network,
            deployment.Services,
            deployment.Services.ToDictionary(s => s.Name, s => ImageFor(s, options, imageContexts, repositories), StringComparer.Ordinal),
            values,
            FileStores,
            logRetention,
            options.FargateSpot));

        _ = new RoutingConstruct(this, "Routing", new RoutingProps(Edge.Listener, Services.Services));
        _ = new SesMailConstruct(this, "Mail", new SesMailProps(Services.Services, Parameters));
        _ = new TelemetryConstruct(this, "Telemetry", new TelemetryProps(Services.Services));

        Monitoring = new MonitoringConstruct(this, "Monitoring", new MonitoringProps(
            deployment.Name, Services.Services, Edge.LoadBalancer, Database, Cache));

        if (options.CloudTrail || options.AwsConfig)
        {
            _ = new AuditConstruct(this, "Audit", new AuditProps(options.CloudTrail, options.AwsConfig));
        }

        AddOutputs();
    }

    public NetworkConstruct Network { get; }

    public DatabaseConstruct? Database { get; }

    public CacheConstruct? Cache { get; }

    /// <summary>File stores by model name.</summary>
    public IReadOnlyDictionary<string, FileStoreConstruct> FileStores { get; }

    public ParametersConstruct Parameters { get; }

    public EdgeConstruct Edge { get; }

    public ServicesConstruct Services { get; }

    public MonitoringConstruct Monitoring { get; }

    /// <summary>CloudFormation's retention values; options validation keeps the days among them.</summary>
    private static RetentionDays Retention(int days) => days switch
    {
        1 => RetentionDays.ONE_DAY,
        3 => RetentionDays.THREE_DAYS,
        5 => RetentionDays.FIVE_DAYS,
        7 => RetentionDays.ONE_WEEK,
        14 => RetentionDays.TWO_WEEKS,
        30 => RetentionDays.ONE_MONTH,
        60 => RetentionDays.TWO_MONTHS,
        90 => RetentionDays.THREE_MONTHS,
        180 => RetentionDays.SIX_MONTHS,
        365 => RetentionDays.ONE_YEAR,
        _ => throw new InvalidOperationException(
            $"Aws:LogRetentionDays must be one of {string.Join(", ", AwsPublishOptions.SupportedLogRetentionDays)}; got {days}."),
    };

    private static ContainerImage ImageFor(
        FargateServiceSpec service,
        AwsPublishOptions options,
        IReadOnlyDictionary<string, string> imageContexts,
        IReadOnlyDictionary<string, Repository> repositories)
    {
        if (!string.IsNullOrEmpty(options.ImageTag))
        {
            var repository = repositories.GetValueOrDefault(service.Name)
                ?? throw new InvalidOperationException($"No ECR repository for '{service.Name}'.");
            return ContainerImage.FromEcrRepository(repository, options.ImageTag);
        }

        // Synthesis only stages the folder into cdk.out; `cdk deploy` builds and pushes it.
        return ContainerImage.FromAsset(imageContexts[service.Name], new AssetImageProps
        {
            Exclude = [.. Containers.ContainerImageWriter.ExcludedFromContext],
            Platform = Amazon.CDK.AWS.Ecr.Assets.Platform_.LINUX_AMD64,
        });
    }

    private void AddOutputs()
    {
        _ = new CfnOutput(this, "ApplicationUrl", new CfnOutputProps { Value = Edge.Origin.Url, Description = "Where the application answers" });
        _ = new CfnOutput(this, "LoadBalancerDnsName", new CfnOutputProps
        {
            Value = Edge.LoadBalancer.LoadBalancerDnsName,
            Description = "The load balancer's own name (point a domain's DNS at it when the stack does not manage the zone)",
        });
        _ = new CfnOutput(this, "DashboardUrl", new CfnOutputProps
        {
            Value = $"https://{Amazon.CDK.Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region={Amazon.CDK.Aws.REGION}#dashboards:name={Monitoring.Dashboard.DashboardName}",
            Description = "CloudWatch dashboard",
        });
        _ = new CfnOutput(this, "AlarmTopicArn", new CfnOutputProps { Value = Monitoring.AlarmTopic.TopicArn, Description = "SNS topic of the alarms" });
        _ = new CfnOutput(this, "ClusterName", new CfnOutputProps { Value = Services.Cluster.ClusterName, Description = "ECS cluster" });
        foreach (var service in Services.Services)
        {
            _ = new CfnOutput(this, $"{CdkNames.Pascal(service.Spec.Name)}ServiceName", new CfnOutputProps
            {
                Value = service.Service.ServiceName,
                Description = $"ECS service of {service.Spec.Name}",
            });
        }
    }
}
