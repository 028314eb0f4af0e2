using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.EFS;
using Amazon.CDK.AWS.ElastiCache;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.RDS;
using Amazon.CDK.AWS.SecretsManager;
using ApraNova.AppHost.Publishing.Model;
using Constructs;
using EcsHealthCheck = Amazon.CDK.AWS.ECS.HealthCheck;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;
using ElbHealthCheck = Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck;
using Protocol = Amazon.CDK.AWS.ElasticLoadBalancingV2.Protocol;
using SecretsManagerSecret = Amazon.CDK.AWS.SecretsManager.Secret;

namespace ApraNova.AppHost.Publishing.Cdk;

/// <summary>
/// The seed's production architecture, built from an <see cref="AwsDeployment"/>: VPC, ALB, ECS
/// Fargate services, RDS PostgreSQL, ElastiCache Redis, EFS, security groups, IAM roles, logs,
/// alarms and a dashboard. Environment-agnostic (no account or region), so it synthesizes
/// offline and deploys to whichever account <c>cdk deploy</c> is pointed at.
/// </summary>
public sealed partial class ApplicationStack : Stack
{
    // Seed numbers (ARCHITECTURE_EXPORT.md): network, ports, health checks, RDS, ElastiCache.
    public const string VpcCidr = "10.0.0.0/16";
    public static readonly string[] PublicSubnetCidrs = ["10.0.1.0/24", "10.0.2.0/24"];
    public static readonly string[] PrivateSubnetCidrs = ["10.0.11.0/24", "10.0.12.0/24"];
    public const int PostgresPort = 5432;
    public const int RedisPort = 6379;
    public const int NfsPort = 2049;
    public const string DatabaseUser = "apranova_admin";
    public const int HealthCheckIntervalSeconds = 30;
    public const int HealthCheckTimeoutSeconds = 5;
    public const int HealthCheckRetries = 3;
    public const int MinTasks = 1;
    public const int MaxTasks = 10;
    public const int CpuScalingTargetPercent = 70;

    private readonly AwsDeployment _deployment;
    private readonly AwsPublishOptions _options;
    private readonly IReadOnlyDictionary<string, string> _imageContexts;
    private readonly IReadOnlyDictionary<string, Repository>? _repositories;

    private readonly Dictionary<string, SecretsManagerSecret> _parameterSecrets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CfnParameter> _parameterInputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FargateService> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ApplicationTargetGroup> _targetGroups = new(StringComparer.Ordinal);

    public Vpc Vpc { get; }
    public SecurityGroup AlbSecurityGroup { get; }
    public SecurityGroup ServiceSecurityGroup { get; }
    public ApplicationLoadBalancer LoadBalancer { get; }
    public Cluster Cluster { get; }
    public DatabaseInstance? Database { get; private set; }
    public SecretsManagerSecret? DatabaseConnectionSecret { get; private set; }
    public SecretsManagerSecret? DatabaseUriSecret { get; private set; }
    public CfnReplicationGroup? Cache { get; private set; }
    public Amazon.CDK.AWS.EFS.FileSystem? FileSystem { get; private set; }
    public AccessPoint? FileSystemAccessPoint { get; private set; }
    public Role ExecutionRole { get; }

    /// <param name="imageContexts">Service name → folder with its Dockerfile (staged as an image asset).</param>
    /// <param name="repositories">ECR repositories, used instead of image assets when an image tag is set.</param>
    public ApplicationStack(
        Construct scope,
        string id,
        AwsDeployment deployment,
        AwsPublishOptions options,
        IReadOnlyDictionary<string, string> imageContexts,
        IReadOnlyDictionary<string, Repository>? repositories,
        IStackProps? props = null)
        : base(scope, id, props)
    {
        _deployment = deployment;
        _options = options;
        _imageContexts = imageContexts;
        _repositories = repositories;

        Vpc = CreateVpc();
        (AlbSecurityGroup, ServiceSecurityGroup) = CreateFrontSecurityGroups();

        CreateDataServices();
        CreateParameters();

        ExecutionRole = new Role(this, "TaskExecutionRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ecs-tasks.amazonaws.com"),
            Description = "Pulls images and writes logs for the ECS tasks",
        });
        // ecr:GetAuthorizationToken has no resource-level permissions: AWS only accepts "*".
        ExecutionRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["ecr:GetAuthorizationToken"],
            Resources = ["*"],
        }));

        Cluster = new Cluster(this, "Cluster", new ClusterProps
        {
            Vpc = Vpc,
            EnableFargateCapacityProviders = true,
        });

        LoadBalancer = new ApplicationLoadBalancer(this, "LoadBalancer", new ApplicationLoadBalancerProps
        {
            Vpc = Vpc,
            InternetFacing = true,
            SecurityGroup = AlbSecurityGroup,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PUBLIC },
        });

        foreach (var service in _deployment.Services)
        {
            CreateService(service);
        }

        CreateListeners();
        CreateMonitoring();
    }

    /// <summary>Browser-facing origin of the application: the ALB, or the configured public URL.</summary>
    public string PublicUrl => _options.PublicUrl
        ?? $"{(HasCertificate ? "https" : "http")}://{LoadBalancer.LoadBalancerDnsName}";

    private bool HasCertificate => !string.IsNullOrEmpty(_options.CertificateArn);

    private Vpc CreateVpc()
    {
        var vpc = new Vpc(this, "Vpc", new VpcProps
        {
            IpAddresses = IpAddresses.Cidr(VpcCidr),
            MaxAzs = 2,
            NatGateways = _options.NatGateways,
            SubnetConfiguration =
            [
                new SubnetConfiguration { Name = "Public", SubnetType = SubnetType.PUBLIC, CidrMask = 24 },
                new SubnetConfiguration
                {
                    Name = "Private",
                    // Without a NAT gateway a private subnet has no route out: CDK calls it isolated.
                    SubnetType = _options.NatGateways > 0 ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED,
                    CidrMask = 24,
                },
            ],
        });

        // CDK packs /24s from the bottom of the range; the seed numbers them 1,2 and 11,12.
        SetSubnetCidrs(vpc.PublicSubnets, PublicSubnetCidrs);
        SetSubnetCidrs(_options.NatGateways > 0 ? vpc.PrivateSubnets : vpc.IsolatedSubnets, PrivateSubnetCidrs);
        return vpc;
    }

    private static void SetSubnetCidrs(ISubnet[] subnets, string[] cidrs)
    {
        if (subnets.Length != cidrs.Length)
        {
            throw new InvalidOperationException($"Expected {cidrs.Length} subnets, CDK made {subnets.Length}.");
        }

        for (var i = 0; i < subnets.Length; i++)
        {
            ((CfnSubnet)subnets[i].Node.DefaultChild!).CidrBlock = cidrs[i];
        }
    }

    /// <summary>Private subnets: where the data services always live.</summary>
    private SubnetSelection PrivateSubnets => new()
    {
        SubnetType = _options.NatGateways > 0 ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED,
    };

    /// <summary>
    /// Where the tasks run: the private subnets behind the NAT gateway; with no NAT gateway the
    /// public subnets with a public IP (image pulls, Secrets Manager, CloudWatch Logs and the
    /// ALB's public address need a route out). The service security group admits only the ALB
    /// either way.
    /// </summary>
    private SubnetSelection TaskSubnets => _options.NatGateways > 0
        ? new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS }
        : new SubnetSelection { SubnetType = SubnetType.PUBLIC };

    private (SecurityGroup Alb, SecurityGroup Services) CreateFrontSecurityGroups()
    {
        var alb = new SecurityGroup(this, "AlbSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "ALB: HTTP and HTTPS from anywhere",
            AllowAllOutbound = true,
        });
        alb.AddIngressRule(Peer.AnyIpv4(), Port.Tcp(80), "HTTP from anywhere");
        alb.AddIngressRule(Peer.AnyIpv4(), Port.Tcp(443), "HTTPS from anywhere");

        var services = new SecurityGroup(this, "ServiceSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "ECS tasks: only from the ALB",
            AllowAllOutbound = true,
        });
        services.AddIngressRule(alb, Port.AllTcp(), "From the ALB");
        return (alb, services);
    }

    private SecurityGroup CreateBackendSecurityGroup(string id, string description, int port)
    {
        var group = new SecurityGroup(this, id, new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = description,
            AllowAllOutbound = true,
        });
        group.AddIngressRule(ServiceSecurityGroup, Port.Tcp(port), "From the ECS tasks");
        return group;
    }

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
