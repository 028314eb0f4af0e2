using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;

namespace ApraNova.Tests.Publishing;

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
    public void Task_sizes_and_ports_are_the_seeds(string name, string cpu, string memory, int port)
    {
        var taskDefinition = fixture.TaskDefinition(name);
        Assert.Equal(cpu, (string?)taskDefinition["Cpu"]);
        Assert.Equal(memory, (string?)taskDefinition["Memory"]);
        Assert.Equal("awsvpc", (string?)taskDefinition["NetworkMode"]);
        Assert.Equal(["FARGATE"], taskDefinition["RequiresCompatibilities"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(port, (int)fixture.Container(name)["PortMappings"]![0]!["ContainerPort"]!);
    }

    [Theory]
    [InlineData("api", "curl -f http://localhost:8000/health || exit 1")]
    [InlineData("web", "curl -f http://localhost:3000/ || exit 1")]
    public void Container_health_checks_are_the_seeds(string name, string command)
    {
        var healthCheck = fixture.Container(name)["HealthCheck"]!;
        Assert.Equal(["CMD-SHELL", command], healthCheck["Command"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(30, (int)healthCheck["Interval"]!);
        Assert.Equal(5, (int)healthCheck["Timeout"]!);
        Assert.Equal(3, (int)healthCheck["Retries"]!);
    }

    [Fact]
    public void Services_deploy_with_zero_downtime_and_roll_back_failed_deployments_in_private_subnets()
    {
        var privateSubnets = fixture.Resources("AWS::EC2::Subnet")
            .Where(s => ((string)s.Properties["CidrBlock"]!).StartsWith("10.0.1", StringComparison.Ordinal) && ((string)s.Properties["CidrBlock"]!).Length == 12)
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
    public void Each_service_scales_from_1_to_10_tasks_on_70_percent_cpu()
    {
        fixture.Application.ResourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 2);
        fixture.Application.AllResourcesProperties("AWS::ApplicationAutoScaling::ScalableTarget", Props.Like(
            ("MinCapacity", 1), ("MaxCapacity", 10), ("ScalableDimension", "ecs:service:DesiredCount")));
        fixture.Application.ResourceCountIs("AWS::ApplicationAutoScaling::ScalingPolicy", 2);
        fixture.Application.AllResourcesProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Props.Like(
            ("PolicyType", "TargetTrackingScaling"),
            ("TargetTrackingScalingPolicyConfiguration", Props.Like(
                ("TargetValue", 70),
                ("PredefinedMetricSpecification", Props.Of(("PredefinedMetricType", "ECSServiceAverageCPUUtilization")))))));
    }

    [Fact]
    public void Api_reads_the_same_configuration_keys_as_locally()
    {
        var api = fixture.Container("api");
        var environment = Environment(api);
        var secrets = Secrets(api);

        // Database: the Npgsql connection string, from a secret composed over the RDS-generated one.
        var connectionSecret = fixture.LogicalId("AWS::SecretsManager::Secret", "DatabaseConnectionString");
        Assert.Equal(Ref(connectionSecret), secrets["ConnectionStrings__apranova-db"]);
        var secretString = fixture.Resources("AWS::SecretsManager::Secret").Single(s => s.Id == connectionSecret).Properties["SecretString"]!.ToJsonString();
        // The RDS-generated secret, through its attachment to the instance.
        var rdsSecret = fixture.LogicalId("AWS::SecretsManager::SecretTargetAttachment", "DatabaseSecretAttachment");
        Assert.Contains("Host=", secretString, StringComparison.Ordinal);
        Assert.Contains("\"Endpoint.Address\"", secretString, StringComparison.Ordinal);
        Assert.Contains("Database=apranova_db;Username=apranova_admin;Password={{resolve:secretsmanager:", secretString, StringComparison.Ordinal);
        Assert.Contains(":SecretString:password::}};SSL Mode=Require", secretString, StringComparison.Ordinal);
        Assert.Contains(rdsSecret, secretString, StringComparison.Ordinal);

        // Redis: the TLS endpoint of the replication group.
        Assert.Equal(
            """{"Fn::Join":["",[{"Fn::GetAtt":["Cache","PrimaryEndPoint.Address"]},":6379,ssl=true,abortConnect=false"]]}""",
            environment["ConnectionStrings__redis"]);

        Assert.Equal("\"/mnt/files\"", environment["Files__RootPath"]);
        Assert.Equal("\"8000\"", environment["HTTP_PORTS"]);
        Assert.Contains("\"http://\"", environment["App__PublicUrl"], StringComparison.Ordinal);
        Assert.Contains("DNSName", environment["App__PublicUrl"], StringComparison.Ordinal);

        // Secret parameters: Secrets Manager, one secret each.
        foreach (var (variable, secret) in new[]
        {
            ("Jwt__SigningKey", "JwtSigningKeySecret"),
            ("Stripe__SecretKey", "StripeSecretKeySecret"),
            ("Stripe__WebhookSecret", "StripeWebhookSecretSecret"),
            ("Stripe__PublishableKey", "StripePublishableKeySecret"),
        })
        {
            Assert.Equal(Ref(fixture.LogicalId("AWS::SecretsManager::Secret", secret)), secrets[variable]);
            Assert.False(environment.ContainsKey(variable));
        }

        // Nothing secret travels as plain text, and nothing of the local run leaks in.
        Assert.DoesNotContain(environment.Values, v => v.Contains("resolve:secretsmanager", StringComparison.Ordinal));
        Assert.DoesNotContain(environment.Keys, k => k.StartsWith("OTEL_", StringComparison.Ordinal));
        Assert.DoesNotContain(environment.Values, v => v.Contains("localhost", StringComparison.Ordinal));
    }

    [Fact]
    public void Web_reaches_the_api_through_the_load_balancer_and_listens_on_3000_on_all_interfaces()
    {
        var web = fixture.Container("web");
        var environment = Environment(web);
        Assert.Contains("\"http://\"", environment["API_URL"], StringComparison.Ordinal);
        Assert.Contains("DNSName", environment["API_URL"], StringComparison.Ordinal);
        Assert.Equal("\"3000\"", environment["PORT"]);
        Assert.Equal("\"0.0.0.0\"", environment["HOSTNAME"]);
        Assert.Empty(Secrets(web));
        Assert.Null(web["MountPoints"]);
    }

    [Fact]
    public void Files_are_the_efs_access_point_mounted_into_the_api_with_transit_encryption()
    {
        var fileSystem = fixture.LogicalId("AWS::EFS::FileSystem", "FileSystem");
        var accessPoint = fixture.LogicalId("AWS::EFS::AccessPoint", "FileSystemFilesAccessPoint");
        var api = fixture.TaskDefinition("api");

        var volume = Assert.Single(api["Volumes"]!.AsArray())!;
        Assert.Equal("files", (string?)volume["Name"]);
        var efs = volume["EFSVolumeConfiguration"]!;
        Assert.Equal(Ref(fileSystem), efs["FilesystemId"]!.ToJsonString());
        Assert.Equal("ENABLED", (string?)efs["TransitEncryption"]);
        Assert.Equal("ENABLED", (string?)efs["AuthorizationConfig"]!["IAM"]);
        Assert.Equal(Ref(accessPoint), efs["AuthorizationConfig"]!["AccessPointId"]!.ToJsonString());

        var mount = Assert.Single(fixture.Container("api")["MountPoints"]!.AsArray())!;
        Assert.Equal("/mnt/files", (string?)mount["ContainerPath"]);
        Assert.Equal("files", (string?)mount["SourceVolume"]);
        Assert.False((bool)mount["ReadOnly"]!);

        Assert.Null(fixture.TaskDefinition("web")["Volumes"]);
    }

    [Fact]
    public void Logs_go_to_one_log_group_per_service_with_retention()
    {
        fixture.Application.ResourceCountIs("AWS::Logs::LogGroup", 2);
        fixture.Application.AllResourcesProperties("AWS::Logs::LogGroup", Props.Of(("RetentionInDays", 30)));
        foreach (var name in new[] { "api", "web" })
        {
            var logging = fixture.Container(name)["LogConfiguration"]!;
            Assert.Equal("awslogs", (string?)logging["LogDriver"]);
            Assert.Equal(name, (string?)logging["Options"]!["awslogs-stream-prefix"]);
        }
    }

    [Fact]
    public void Without_nat_gateways_the_tasks_run_in_public_subnets_with_public_ips_and_data_stays_private()
    {
        var result = Variants.Synthesize(fixture, fixture.Result.Deployment, o => o with { NatGateways = 0 });
        var template = Template.FromString(result.Templates["ApraNova"].ToJsonString());

        template.ResourceCountIs("AWS::EC2::NatGateway", 0);
        template.AllResourcesProperties("AWS::ECS::Service", Props.Like(
            ("NetworkConfiguration", Props.Of(("AwsvpcConfiguration", Props.Like(("AssignPublicIp", "ENABLED")))))));

        // Private subnets keep their seed CIDRs but have no default route at all (isolated).
        var resources = result.Templates["ApraNova"]["Resources"]!.AsObject();
        var routes = resources.Where(r => (string?)r.Value!["Type"] == "AWS::EC2::Route").Select(r => r.Value!["Properties"]!).ToList();
        Assert.All(routes, r => Assert.NotNull(r["GatewayId"]));
        template.HasResourceProperties("AWS::EC2::Subnet", Props.Like(("CidrBlock", "10.0.11.0/24"), ("MapPublicIpOnLaunch", false)));
        template.HasResourceProperties("AWS::RDS::DBSubnetGroup", Match.AnyValue());
    }

    [Fact]
    public void Fargate_spot_is_a_capacity_provider_strategy()
    {
        var result = Variants.Synthesize(fixture, fixture.Result.Deployment, o => o with { FargateSpot = true });
        var template = Template.FromString(result.Templates["ApraNova"].ToJsonString());
        template.AllResourcesProperties("AWS::ECS::Service", Props.Like(
            ("CapacityProviderStrategy", new object[] { Props.Of(("CapacityProvider", "FARGATE_SPOT"), ("Weight", 1)) }),
            ("LaunchType", Match.Absent())));
        template.HasResourceProperties("AWS::ECS::ClusterCapacityProviderAssociations", Props.Like(
            ("CapacityProviders", Match.ArrayWith(["FARGATE", "FARGATE_SPOT"]))));
    }

    private static string Ref(string logicalId) => $$"""{"Ref":"{{logicalId}}"}""";

    /// <summary>Name → value as compact JSON (a literal is a JSON string, a token an object).</summary>
    private static Dictionary<string, string> Environment(JsonObject container) =>
        (container["Environment"]?.AsArray() ?? []).ToDictionary(e => (string)e!["Name"]!, e => e!["Value"]!.ToJsonString());

    private static Dictionary<string, string> Secrets(JsonObject container) =>
        (container["Secrets"]?.AsArray() ?? []).ToDictionary(e => (string)e!["Name"]!, e => e!["ValueFrom"]!.ToJsonString());
}
