using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using ApraNova.Hosting.Aws.Model;
using Constructs;
using EcsHealthCheck = Amazon.CDK.AWS.ECS.HealthCheck;
using ElbHealthCheck = Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck;

namespace ApraNova.Hosting.Aws.Cdk.Services;

/// <summary>
/// One service of the model as the architecture runs it (§3): a Fargate task (its size, port,
/// liveness container health check, logs to its own group, its own task role), a service with
/// rolling zero-downtime deployments and the circuit breaker, a target group probing readiness,
/// and scaling from 1 to 10 tasks on CPU and memory.
/// </summary>
public sealed class ServiceConstruct : Construct
{
    private const string VolumePrefix = "store-";

    public ServiceConstruct(Construct scope, string id, ServiceProps props) : base(scope, id)
    {
        Spec = props.Spec;
        var port = Spec.ContainerPort.ToString(CultureInfo.InvariantCulture);

        LogGroup = new LogGroup(this, "Logs", new LogGroupProps
        {
            Retention = props.LogRetention,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        // The execution role's log actions, on this service's log group instead of "*".
        props.ExecutionRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
            Resources = [LogGroup.LogGroupArn],
        }));

        // One task role per service: only what that service's code calls.
        TaskRole = new Role(this, "TaskRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ecs-tasks.amazonaws.com"),
            Description = $"Role of the {Spec.Name} containers",
        });

        var taskDefinition = new FargateTaskDefinition(this, "TaskDefinition", new FargateTaskDefinitionProps
        {
            Cpu = Spec.Cpu,
            MemoryLimitMiB = Spec.MemoryMiB,
            ExecutionRole = props.ExecutionRole,
            TaskRole = TaskRole,
        });

        var (environment, secrets) = props.Values.Resolve(Spec);
        Container = taskDefinition.AddContainer(Spec.Name, new ContainerDefinitionOptions
        {
            Image = props.Image,
            Essential = true,
            PortMappings = [new PortMapping { ContainerPort = Spec.ContainerPort, Protocol = Amazon.CDK.AWS.ECS.Protocol.TCP }],
            Environment = environment,
            Secrets = secrets,
            Logging = LogDriver.AwsLogs(new AwsLogDriverProps { LogGroup = LogGroup, StreamPrefix = Spec.Name }),
            // Liveness: a failing check makes ECS replace the task, so it must not depend on the
            // database or the cache (a blip there would replace every task at once).
            HealthCheck = new EcsHealthCheck
            {
                Command = ["CMD-SHELL", $"curl -f http://localhost:{port}{Spec.LivenessPath} || exit 1"],
                Interval = Duration.Seconds(Architecture.HealthCheckIntervalSeconds),
                Timeout = Duration.Seconds(Architecture.HealthCheckTimeoutSeconds),
                Retries = Architecture.HealthCheckRetries,
            },
        });

        foreach (var mount in Spec.FileSystemMounts)
        {
            var store = props.FileStores.GetValueOrDefault(mount.FileSystemName)
                ?? throw new InvalidOperationException($"'{Spec.Name}' mounts '{mount.FileSystemName}', which this stack does not create.");
            Mount(taskDefinition, store, mount);
        }

        Service = new FargateService(this, "Service", new FargateServiceProps
        {
            Cluster = props.Cluster,
            TaskDefinition = taskDefinition,
            DesiredCount = Architecture.MinTasks,
            // Zero downtime: new tasks start and pass health checks before old ones drain; a
            // deployment that never gets healthy is rolled back.
            MinHealthyPercent = 100,
            MaxHealthyPercent = 200,
            CircuitBreaker = new DeploymentCircuitBreaker { Enable = true, Rollback = true },
            VpcSubnets = props.Network.TaskSubnets,
            AssignPublicIp = props.Network.TasksNeedPublicIp,
            SecurityGroups = [props.Network.ServiceSecurityGroup],
            HealthCheckGracePeriod = Duration.Seconds(60),
            CapacityProviderStrategies = props.FargateSpot
                ? [new CapacityProviderStrategy { CapacityProvider = "FARGATE_SPOT", Weight = 1 }]
                : null,
            PropagateTags = PropagatedTagSource.SERVICE,
        });

        // Readiness: the load balancer sends traffic only to tasks whose dependencies answer.
        TargetGroup = new ApplicationTargetGroup(this, "TargetGroup", new ApplicationTargetGroupProps
        {
            Vpc = props.Network.Vpc,
            Port = Spec.ContainerPort,
            Protocol = ApplicationProtocol.HTTP,
            TargetType = TargetType.IP,
            HealthCheck = new ElbHealthCheck
            {
                Path = Spec.ReadinessPath,
                Interval = Duration.Seconds(Architecture.HealthCheckIntervalSeconds),
                Timeout = Duration.Seconds(Architecture.HealthCheckTimeoutSeconds),
                UnhealthyThresholdCount = Architecture.HealthCheckRetries,
                HealthyThresholdCount = Architecture.HealthCheckRetries,
                HealthyHttpCodes = "200",
            },
            DeregistrationDelay = Duration.Seconds(30),
        });
        // Opens the container port from the load balancer's group (and its egress to the services' group).
        Service.AttachToApplicationTargetGroup(TargetGroup);
        // An inline egress rule as well: only inline rules replace the allow-all egress EC2 gives
        // every new group, so this is what keeps the load balancer's traffic inside the VPC.
        props.Network.LoadBalancerSecurityGroup.AddEgressRule(
            Amazon.CDK.AWS.EC2.Peer.Ipv4(Architecture.VpcCidr),
            Amazon.CDK.AWS.EC2.Port.Tcp(Spec.ContainerPort),
            $"To {Spec.Name} inside the VPC");

        // The scalable target itself (rather than AutoScaleTaskCount) so that alarms elsewhere can
        // add scaling steps to it (the unhealthy-targets alarm does).
        ScalableTarget = new ScalableTarget(this, "TaskCount", new ScalableTargetProps
        {
            ServiceNamespace = ServiceNamespace.ECS,
            ResourceId = $"service/{props.Cluster.ClusterName}/{Service.ServiceName}",
            ScalableDimension = "ecs:service:DesiredCount",
            MinCapacity = Architecture.MinTasks,
            MaxCapacity = Architecture.MaxTasks,
        });
        ScalableTarget.ScaleToTrackMetric("Cpu", new BasicTargetTrackingScalingPolicyProps
        {
            PredefinedMetric = PredefinedMetric.ECS_SERVICE_AVERAGE_CPU_UTILIZATION,
            TargetValue = Architecture.CpuScalingTargetPercent,
        });
        ScalableTarget.ScaleToTrackMetric("Memory", new BasicTargetTrackingScalingPolicyProps
        {
            PredefinedMetric = PredefinedMetric.ECS_SERVICE_AVERAGE_MEMORY_UTILIZATION,
            TargetValue = Architecture.MemoryScalingTargetPercent,
        });
    }

    public FargateServiceSpec Spec { get; }

    public LogGroup LogGroup { get; }

    public Role TaskRole { get; }

    public ContainerDefinition Container { get; }

    public FargateService Service { get; }

    public ApplicationTargetGroup TargetGroup { get; }

    /// <summary>The service's task count, 1 to 10, tracking CPU and memory.</summary>
    public ScalableTarget ScalableTarget { get; }

    private void Mount(FargateTaskDefinition taskDefinition, Data.FileStoreConstruct store, FileSystemMountSpec mount)
    {
        var volume = VolumePrefix + store.Name;
        taskDefinition.AddVolume(new Amazon.CDK.AWS.ECS.Volume
        {
            Name = volume,
            EfsVolumeConfiguration = new EfsVolumeConfiguration
            {
                FileSystemId = store.FileSystem.FileSystemId,
                TransitEncryption = "ENABLED",
                AuthorizationConfig = new AuthorizationConfig { AccessPointId = store.AccessPoint.AccessPointId, Iam = "ENABLED" },
            },
        });
        Container.AddMountPoints(new MountPoint { SourceVolume = volume, ContainerPath = mount.ContainerPath, ReadOnly = false });

        // The task role's EFS actions, on this file system through this access point only.
        TaskRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
            Resources = [store.FileSystem.FileSystemArn],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["elasticfilesystem:AccessPointArn"] = store.AccessPoint.AccessPointArn },
            },
        }));
    }
}
