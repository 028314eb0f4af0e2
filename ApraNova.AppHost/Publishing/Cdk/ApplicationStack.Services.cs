using Amazon.CDK;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using ApraNova.AppHost.Publishing.Model;
using EcsHealthCheck = Amazon.CDK.AWS.ECS.HealthCheck;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;
using ElbHealthCheck = Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck;

namespace ApraNova.AppHost.Publishing.Cdk;

public sealed partial class ApplicationStack
{
    private const string FilesVolumeName = "files";

    private static readonly Dictionary<int, RetentionDays> SupportedRetention = new()
    {
        [1] = RetentionDays.ONE_DAY, [3] = RetentionDays.THREE_DAYS, [5] = RetentionDays.FIVE_DAYS,
        [7] = RetentionDays.ONE_WEEK, [14] = RetentionDays.TWO_WEEKS, [30] = RetentionDays.ONE_MONTH,
        [60] = RetentionDays.TWO_MONTHS, [90] = RetentionDays.THREE_MONTHS, [180] = RetentionDays.SIX_MONTHS,
        [365] = RetentionDays.ONE_YEAR,
    };

    public IReadOnlyDictionary<string, FargateService> Services => _services;

    private void CreateService(FargateServiceSpec spec)
    {
        var id = CdkNames.Pascal(spec.Name);

        var logGroup = new LogGroup(this, $"{id}LogGroup", new LogGroupProps
        {
            Retention = SupportedRetention.TryGetValue(_options.LogRetentionDays, out var retention)
                ? retention
                : throw new InvalidOperationException(
                    $"Aws:LogRetentionDays must be one of {string.Join(", ", SupportedRetention.Keys)}; got {_options.LogRetentionDays}."),
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        // The seed's execution-role log actions, on this service's log group instead of "*".
        ExecutionRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
            Resources = [logGroup.LogGroupArn],
        }));

        // One task role per service: only what that service's code calls.
        var taskRole = new Role(this, $"{id}TaskRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ecs-tasks.amazonaws.com"),
            Description = $"Role of the {spec.Name} containers",
        });

        var taskDefinition = new FargateTaskDefinition(this, $"{id}TaskDefinition", new FargateTaskDefinitionProps
        {
            Cpu = spec.Cpu,
            MemoryLimitMiB = spec.MemoryMiB,
            ExecutionRole = ExecutionRole,
            TaskRole = taskRole,
        });

        var (environment, secrets) = ResolveEnvironment(spec);
        var container = taskDefinition.AddContainer(spec.Name, new ContainerDefinitionOptions
        {
            Image = ContainerImageFor(spec),
            Essential = true,
            PortMappings = [new PortMapping { ContainerPort = spec.ContainerPort, Protocol = Amazon.CDK.AWS.ECS.Protocol.TCP }],
            Environment = environment,
            Secrets = secrets,
            Logging = LogDriver.AwsLogs(new AwsLogDriverProps { LogGroup = logGroup, StreamPrefix = spec.Name }),
            HealthCheck = new EcsHealthCheck
            {
                Command = ["CMD-SHELL", $"curl -f http://localhost:{Format(spec.ContainerPort)}{spec.HealthCheckPath} || exit 1"],
                Interval = Duration.Seconds(HealthCheckIntervalSeconds),
                Timeout = Duration.Seconds(HealthCheckTimeoutSeconds),
                Retries = HealthCheckRetries,
            },
        });

        if (spec.FileSystemMount is { } mount)
        {
            MountFileSystem(taskDefinition, container, taskRole, mount);
        }

        var service = new FargateService(this, $"{id}Service", new FargateServiceProps
        {
            Cluster = Cluster,
            TaskDefinition = taskDefinition,
            DesiredCount = MinTasks,
            // Zero downtime: new tasks start and pass health checks before old ones drain; a
            // deployment that never gets healthy is rolled back.
            MinHealthyPercent = 100,
            MaxHealthyPercent = 200,
            CircuitBreaker = new DeploymentCircuitBreaker { Enable = true, Rollback = true },
            VpcSubnets = TaskSubnets,
            AssignPublicIp = _options.NatGateways == 0,
            SecurityGroups = [ServiceSecurityGroup],
            HealthCheckGracePeriod = Duration.Seconds(60),
            CapacityProviderStrategies = _options.FargateSpot
                ? [new CapacityProviderStrategy { CapacityProvider = "FARGATE_SPOT", Weight = 1 }]
                : null,
            PropagateTags = PropagatedTagSource.SERVICE,
        });
        _services[spec.Name] = service;

        var targetGroup = new ApplicationTargetGroup(this, $"{id}TargetGroup", new ApplicationTargetGroupProps
        {
            Vpc = Vpc,
            Port = spec.ContainerPort,
            Protocol = ApplicationProtocol.HTTP,
            TargetType = TargetType.IP,
            HealthCheck = new ElbHealthCheck
            {
                Path = spec.HealthCheckPath,
                Interval = Duration.Seconds(HealthCheckIntervalSeconds),
                Timeout = Duration.Seconds(HealthCheckTimeoutSeconds),
                UnhealthyThresholdCount = HealthCheckRetries,
                HealthyThresholdCount = HealthCheckRetries,
                HealthyHttpCodes = "200",
            },
            DeregistrationDelay = Duration.Seconds(30),
        });
        service.AttachToApplicationTargetGroup(targetGroup);
        _targetGroups[spec.Name] = targetGroup;

        var scaling = service.AutoScaleTaskCount(new EnableScalingProps { MinCapacity = MinTasks, MaxCapacity = MaxTasks });
        scaling.ScaleOnCpuUtilization("CpuScaling", new CpuUtilizationScalingProps { TargetUtilizationPercent = CpuScalingTargetPercent });
    }

    private ContainerImage ContainerImageFor(FargateServiceSpec spec)
    {
        if (!string.IsNullOrEmpty(_options.ImageTag))
        {
            var repository = _repositories?.GetValueOrDefault(spec.Name)
                ?? throw new InvalidOperationException($"No ECR repository for '{spec.Name}'.");
            return ContainerImage.FromEcrRepository(repository, _options.ImageTag);
        }

        // Synthesis only stages the folder into cdk.out; `cdk deploy` builds and pushes it.
        return ContainerImage.FromAsset(_imageContexts[spec.Name], new AssetImageProps
        {
            Exclude = Containers.ContainerImageWriter.ExcludedFromContext,
            Platform = Amazon.CDK.AWS.Ecr.Assets.Platform_.LINUX_AMD64,
        });
    }

    private void MountFileSystem(FargateTaskDefinition taskDefinition, ContainerDefinition container, Role taskRole, FileSystemMountSpec mount)
    {
        if (FileSystem is null || FileSystemAccessPoint is null)
        {
            throw new InvalidOperationException($"'{mount.FileSystemName}' is mounted but the model has no file storage resource.");
        }

        taskDefinition.AddVolume(new Amazon.CDK.AWS.ECS.Volume
        {
            Name = FilesVolumeName,
            EfsVolumeConfiguration = new EfsVolumeConfiguration
            {
                FileSystemId = FileSystem.FileSystemId,
                TransitEncryption = "ENABLED",
                AuthorizationConfig = new AuthorizationConfig { AccessPointId = FileSystemAccessPoint.AccessPointId, Iam = "ENABLED" },
            },
        });
        container.AddMountPoints(new MountPoint { SourceVolume = FilesVolumeName, ContainerPath = mount.ContainerPath, ReadOnly = false });

        // The seed's task-role EFS actions, on this file system through this access point only.
        taskRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
            Resources = [FileSystem.FileSystemArn],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["elasticfilesystem:AccessPointArn"] = FileSystemAccessPoint.AccessPointArn },
            },
        }));
    }

    private (Dictionary<string, string> Environment, Dictionary<string, EcsSecret> Secrets) ResolveEnvironment(FargateServiceSpec spec)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = new Dictionary<string, EcsSecret>(StringComparer.Ordinal);
        foreach (var (name, value) in spec.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (value.IsSecret)
            {
                secrets[name] = ResolveSecret(spec, name, value);
            }
            else
            {
                environment[name] = ResolvePlain(spec, name, value);
            }
        }

        return (environment, secrets);
    }

    private EcsSecret ResolveSecret(FargateServiceSpec spec, string name, DeploymentValue value) => value switch
    {
        ConnectionStringValue { IsDatabase: true } when DatabaseConnectionSecret is not null
            => EcsSecret.FromSecretsManager(DatabaseConnectionSecret),
        ParameterValue { Secret: true } parameter => EcsSecret.FromSecretsManager(_parameterSecrets[parameter.ParameterName]),
        ConnectionPropertyValue { IsDatabase: true, Property: "PASSWORD" } when Database is not null
            => EcsSecret.FromSecretsManager(Database.Secret!, "password"),
        ConnectionPropertyValue { IsDatabase: true, Property: "URI" } when DatabaseUriSecret is not null
            => EcsSecret.FromSecretsManager(DatabaseUriSecret),
        _ => throw new NotSupportedException(
            $"'{name}' of '{spec.Name}' mixes a secret into other text ({value}); ECS injects whole secrets only. " +
            "Reference the secret parameter on its own."),
    };

    private string ResolvePlain(FargateServiceSpec spec, string name, DeploymentValue value) => value switch
    {
        LiteralValue literal => literal.Value,
        ConnectionStringValue { IsDatabase: false } when Cache is not null
            // StackExchange.Redis configuration: the node's TLS endpoint (in-transit encryption).
            => $"{Cache.AttrPrimaryEndPointAddress}:{Format(RedisPort)},ssl=true,abortConnect=false",
        ParameterValue parameter => _parameterInputs[parameter.ParameterName].ValueAsString,
        ConnectionPropertyValue { IsDatabase: true } property when Database is not null => property.Property switch
        {
            "HOST" => Database.DbInstanceEndpointAddress,
            "PORT" => Database.DbInstanceEndpointPort,
            "USERNAME" => DatabaseUser,
            "DATABASENAME" => _deployment.Database!.DatabaseName,
            "JDBCCONNECTIONSTRING" => $"jdbc:postgresql://{Database.DbInstanceEndpointAddress}:{Database.DbInstanceEndpointPort}/{_deployment.Database!.DatabaseName}",
            _ => throw new NotSupportedException($"Connection property {property.Property} of '{property.ResourceName}'."),
        },
        ConnectionPropertyValue { IsDatabase: false } property when Cache is not null => property.Property switch
        {
            "HOST" => Cache.AttrPrimaryEndPointAddress,
            "PORT" => Format(RedisPort),
            // ElastiCache here has TLS but no AUTH token (as in the seed): there is no password.
            "PASSWORD" => string.Empty,
            "URI" => $"rediss://{Cache.AttrPrimaryEndPointAddress}:{Format(RedisPort)}",
            _ => throw new NotSupportedException($"Connection property {property.Property} of '{property.ResourceName}'."),
        },
        ServiceEndpointValue endpoint => ResolveEndpoint(endpoint),
        CompositeValue composite => string.Format(
            System.Globalization.CultureInfo.InvariantCulture,
            composite.Format,
            [.. composite.Parts.Select(p => (object)ResolvePlain(spec, name, p))]),
        _ => throw new NotSupportedException($"'{name}' of '{spec.Name}' references {value}, which this stack does not create."),
    };

    private string ResolveEndpoint(ServiceEndpointValue endpoint)
    {
        if (!_services.ContainsKey(endpoint.ServiceName) && _deployment.Services.All(s => s.Name != endpoint.ServiceName))
        {
            throw new InvalidOperationException($"Endpoint of '{endpoint.ServiceName}' is referenced but it is not a service of this deployment.");
        }

        var port = HasCertificate ? 443 : 80;
        var host = _options.PublicUrl is { } url ? new Uri(url).Host : LoadBalancer.LoadBalancerDnsName;
        return endpoint.Part switch
        {
            ServiceEndpointPart.Url => PublicUrl,
            ServiceEndpointPart.Host => host,
            ServiceEndpointPart.Port => Format(port),
            ServiceEndpointPart.Scheme => HasCertificate ? "https" : "http",
            ServiceEndpointPart.HostAndPort => $"{host}:{Format(port)}",
            _ => throw new NotSupportedException(endpoint.Part.ToString()),
        };
    }

    private void CreateListeners()
    {
        var defaultService = _deployment.DefaultRouteService;
        var defaultAction = defaultService is null
            ? ListenerAction.FixedResponse(404, new FixedResponseOptions { ContentType = "text/plain", MessageBody = "Not found" })
            : ListenerAction.Forward([_targetGroups[defaultService.Name]]);

        ApplicationListener listener;
        if (HasCertificate)
        {
            listener = LoadBalancer.AddListener("HttpsListener", new BaseApplicationListenerProps
            {
                Port = 443,
                Protocol = ApplicationProtocol.HTTPS,
                Certificates = [ListenerCertificate.FromArn(_options.CertificateArn!)],
                DefaultAction = defaultAction,
                // The security group rules are the seed's, written explicitly above.
                Open = false,
            });
            LoadBalancer.AddListener("HttpListener", new BaseApplicationListenerProps
            {
                Port = 80,
                Protocol = ApplicationProtocol.HTTP,
                DefaultAction = ListenerAction.Redirect(new RedirectOptions { Protocol = "HTTPS", Port = "443", Permanent = true }),
                Open = false,
            });
        }
        else
        {
            listener = LoadBalancer.AddListener("HttpListener", new BaseApplicationListenerProps
            {
                Port = 80,
                Protocol = ApplicationProtocol.HTTP,
                DefaultAction = defaultAction,
                Open = false,
            });
        }

        var priority = 10;
        foreach (var service in _deployment.Services.Where(s => !s.IsDefaultRoute))
        {
            // An ALB path-pattern condition takes at most five values.
            foreach (var (patterns, index) in service.PathPatterns.Chunk(5).Select((p, i) => (p, i)))
            {
                _ = new ApplicationListenerRule(this, $"{CdkNames.Pascal(service.Name)}Route{index}", new ApplicationListenerRuleProps
                {
                    Listener = listener,
                    Priority = priority,
                    Conditions = [ListenerCondition.PathPatterns(patterns)],
                    Action = ListenerAction.Forward([_targetGroups[service.Name]]),
                });
                priority += 10;
            }
        }
    }
}
