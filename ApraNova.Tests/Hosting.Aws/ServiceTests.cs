using Amazon.CDK.Assertions;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>docs/architecture.md §3: the Fargate services, their health checks, deployments and scaling.</summary>
[Collection(AwsPublishCollection.Name)]
public sealed class ServiceTests(AwsPublishFixture fixture)
{
    [Fact]
    public void One_cluster_runs_both_services_on_fargate()
    {
        fixture.Application.ResourceCountIs("AWS::ECS::Cluster", 1);
        fixture.Application.ResourceCountIs("AWS::ECS::Service", 2);
        fixture.Application.ResourceCountIs("AWS::ECS::TaskDefinition", 2);
    }

    [Theory]
    [InlineData("api", "512", "1024", 8000)]
    [InlineData("web", "256", "512", 3000)]
    public void Task_sizes_and_ports_are_the_architectures(string name, string cpu, string memory, int port)
    {
        var taskDefinition = fixture.TaskDefinition(name);
        Assert.Equal(cpu, (string?)taskDefinition["Cpu"]);
        Assert.Equal(memory, (string?)taskDefinition["Memory"]);
        Assert.Equal("awsvpc", (string?)taskDefinition["NetworkMode"]);
        Assert.Equal(["FARGATE"], taskDefinition["RequiresCompatibilities"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(port, (int)fixture.Container(name)["PortMappings"]![0]!["ContainerPort"]!);
    }

    [Theory]
    [InlineData("api", "curl -f http://localhost:8000/alive || exit 1")]
    [InlineData("web", "curl -f http://localhost:3000/ || exit 1")]
    public void Container_health_checks_probe_liveness_every_30s_with_5s_timeout_and_3_retries(string name, string command)
    {
        var healthCheck = fixture.Container(name)["HealthCheck"]!;
        Assert.Equal(["CMD-SHELL", command], healthCheck["Command"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(30, (int)healthCheck["Interval"]!);
        Assert.Equal(5, (int)healthCheck["Timeout"]!);
        Assert.Equal(3, (int)healthCheck["Retries"]!);
    }

    [Fact]
    public void Services_deploy_with_zero_downtime_and_roll_back_failed_deployments_in_the_private_subnets()
    {
        var privateSubnets = fixture.Resources("AWS::EC2::Subnet")
            .Where(s => (string)s.Properties["CidrBlock"]! is "10.0.11.0/24" or "10.0.12.0/24")
            .Select(s => (object)Props.Ref(s.Id))
            .ToArray();
        Assert.Equal(2, privateSubnets.Length);

        fixture.Application.AllResourcesProperties("AWS::ECS::Service", Props.Like(
            ("LaunchType", "FARGATE"),
            ("DesiredCount", 1),
            ("DeploymentConfiguration", Props.Of(
                ("MinimumHealthyPercent", 100),
                ("MaximumPercent", 200),
                ("DeploymentCircuitBreaker", Props.Of(("Enable", true), ("Rollback", true))))),
            ("NetworkConfiguration", Props.Of(("AwsvpcConfiguration", Props.Like(
                ("AssignPublicIp", "DISABLED"),
                ("Subnets", Match.ArrayWith(privateSubnets)))))),
            ("LoadBalancers", Match.AnyValue())));
    }

    [Fact]
    public void Each_service_scales_from_1_to_10_tasks_on_70_percent_cpu_and_80_percent_memory()
    {
        fixture.Application.ResourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 2);
        fixture.Application.AllResourcesProperties("AWS::ApplicationAutoScaling::ScalableTarget", Props.Like(
            ("MinCapacity", 1), ("MaxCapacity", 10), ("ScalableDimension", "ecs:service:DesiredCount"), ("ServiceNamespace", "ecs")));

        var tracking = fixture.Resources("AWS::ApplicationAutoScaling::ScalingPolicy")
            .Where(p => (string?)p.Properties["PolicyType"] == "TargetTrackingScaling")
            .Select(p => p.Properties["TargetTrackingScalingPolicyConfiguration"]!)
            .Select(c => ((string)c["PredefinedMetricSpecification"]!["PredefinedMetricType"]!, (int)c["TargetValue"]!))
            .Order()
            .ToList();
        Assert.Equal(
        [
            ("ECSServiceAverageCPUUtilization", 70), ("ECSServiceAverageCPUUtilization", 70),
            ("ECSServiceAverageMemoryUtilization", 80), ("ECSServiceAverageMemoryUtilization", 80),
        ], tracking);
    }

    [Fact]
    public void Logs_go_to_one_log_group_per_service_kept_30_days()
    {
        foreach (var name in new[] { "api", "web" })
        {
            var logging = fixture.Container(name)["LogConfiguration"]!;
            Assert.Equal("awslogs", (string?)logging["LogDriver"]);
            Assert.Equal(name, (string?)logging["Options"]!["awslogs-stream-prefix"]);
            var group = (string)logging["Options"]!["awslogs-group"]!["Ref"]!;
            Assert.Equal(30, (int)fixture.Resources("AWS::Logs::LogGroup").Single(l => l.Id == group).Properties["RetentionInDays"]!);
        }
    }

    [Fact]
    public void Files_are_the_efs_access_point_mounted_into_the_api_with_transit_encryption()
    {
        var fileSystem = fixture.LogicalId("AWS::EFS::FileSystem", "FilesStoreFileSystem");
        var accessPoint = fixture.LogicalId("AWS::EFS::AccessPoint", "FilesStoreFileSystemAccessPoint");
        var api = fixture.TaskDefinition("api");

        var volume = Assert.Single(api["Volumes"]!.AsArray())!;
        var efs = volume["EFSVolumeConfiguration"]!;
        Assert.Equal(Templates.Ref(fileSystem), efs["FilesystemId"]!.ToJsonString());
        Assert.Equal("ENABLED", (string?)efs["TransitEncryption"]);
        Assert.Equal("ENABLED", (string?)efs["AuthorizationConfig"]!["IAM"]);
        Assert.Equal(Templates.Ref(accessPoint), efs["AuthorizationConfig"]!["AccessPointId"]!.ToJsonString());

        var mount = Assert.Single(fixture.Container("api")["MountPoints"]!.AsArray())!;
        Assert.Equal("/mnt/files", (string?)mount["ContainerPath"]);
        Assert.Equal((string?)volume["Name"], (string?)mount["SourceVolume"]);
        Assert.False((bool)mount["ReadOnly"]!);
        Assert.Equal("\"/mnt/files\"", Templates.Environment(fixture.Container("api"))["Files__RootPath"]);

        Assert.Null(fixture.TaskDefinition("web")["Volumes"]);
    }

    [Fact]
    public void Without_nat_gateways_the_tasks_run_in_the_public_subnets_with_public_ips()
    {
        var template = fixture.ApplicationOf(Variant.NoNatGateway);
        template.AllResourcesProperties("AWS::ECS::Service", Props.Like(
            ("NetworkConfiguration", Props.Of(("AwsvpcConfiguration", Props.Like(("AssignPublicIp", "ENABLED")))))));
    }

    [Fact]
    public void Fargate_spot_is_a_capacity_provider_strategy()
    {
        var template = fixture.ApplicationOf(Variant.FargateSpot);
        template.AllResourcesProperties("AWS::ECS::Service", Props.Like(
            ("CapacityProviderStrategy", new object[] { Props.Of(("CapacityProvider", "FARGATE_SPOT"), ("Weight", 1)) }),
            ("LaunchType", Match.Absent())));
        template.HasResourceProperties("AWS::ECS::ClusterCapacityProviderAssociations", Props.Like(
            ("CapacityProviders", Match.ArrayWith(["FARGATE", "FARGATE_SPOT"]))));
    }

    [Fact]
    public void With_an_image_tag_the_services_run_the_registrys_images_with_that_tag()
    {
        var json = fixture.Synthesize(Variant.ImageTag).Templates[AwsPublishFixture.StackName];
        foreach (var name in new[] { "api", "web" })
        {
            var image = Templates.Container(json, name)["Image"]!.ToJsonString();
            // The registry stack's repository of this service, imported across the stacks.
            Assert.Contains($"\"Fn::ImportValue\":\"ApraNova-Registry:ExportsOutputRef{char.ToUpperInvariant(name[0])}{name[1..]}Repository", image, StringComparison.Ordinal);
            Assert.Contains(":0123456789abcdef", image, StringComparison.Ordinal);
            Assert.DoesNotContain("container-assets", image, StringComparison.Ordinal);
        }
    }
}
