using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;

namespace ApraNova.Tests.Publishing;

[Collection(AwsPublishCollection.Name)]
public sealed class DataServiceTests(AwsPublishFixture fixture)
{
    [Fact]
    public void Postgres_is_rds_postgresql_14_micro_20gb_gp2_with_7_day_backups_and_generated_credentials()
    {
        fixture.Application.ResourceCountIs("AWS::RDS::DBInstance", 1);
        fixture.Application.HasResourceProperties("AWS::RDS::DBInstance", Props.Like(
            ("Engine", "postgres"),
            ("EngineVersion", "14"),
            ("DBInstanceClass", "db.t3.micro"),
            ("AllocatedStorage", "20"),
            ("StorageType", "gp2"),
            ("BackupRetentionPeriod", 7),
            ("DBName", "apranova_db"),
            ("MultiAZ", false),
            ("StorageEncrypted", true),
            ("PubliclyAccessible", false),
            ("MasterUsername", Match.AnyValue()),
            ("MasterUserPassword", Match.AnyValue())));
        fixture.Application.HasResourceProperties("AWS::SecretsManager::Secret", Props.Like(
            ("GenerateSecretString", Props.Like(
                ("SecretStringTemplate", """{"username":"apranova_admin"}"""),
                ("GenerateStringKey", "password")))));
    }

    [Fact]
    public void Multi_az_and_storage_encryption_are_options()
    {
        var result = Variants.Synthesize(fixture, fixture.Result.Deployment, o => o with { MultiAz = true, StorageEncrypted = false });
        Template.FromString(result.Templates["ApraNova"].ToJsonString()).HasResourceProperties("AWS::RDS::DBInstance", Props.Like(
            ("MultiAZ", true), ("StorageEncrypted", false)));
    }

    [Fact]
    public void Redis_is_one_elasticache_redis_7_micro_node_with_in_transit_encryption_in_private_subnets()
    {
        fixture.Application.ResourceCountIs("AWS::ElastiCache::ReplicationGroup", 1);
        fixture.Application.HasResourceProperties("AWS::ElastiCache::ReplicationGroup", Props.Like(
            ("Engine", "redis"),
            ("EngineVersion", Match.StringLikeRegexp("^7\\.")),
            ("CacheNodeType", "cache.t3.micro"),
            ("NumCacheClusters", 1),
            ("TransitEncryptionEnabled", true),
            ("Port", 6379)));
        fixture.Application.HasResourceProperties("AWS::ElastiCache::SubnetGroup", Props.Like(
            ("SubnetIds", PrivateSubnetRefs())));
    }

    [Fact]
    public void Files_are_an_encrypted_general_purpose_bursting_efs_with_mount_targets_in_both_private_subnets()
    {
        fixture.Application.ResourceCountIs("AWS::EFS::FileSystem", 1);
        fixture.Application.HasResourceProperties("AWS::EFS::FileSystem", Props.Like(
            ("Encrypted", true), ("PerformanceMode", "generalPurpose"), ("ThroughputMode", "bursting")));

        var mountTargets = fixture.Resources("AWS::EFS::MountTarget").ToList();
        Assert.Equal(2, mountTargets.Count);
        Assert.Equal(
            PrivateSubnetIds().Order(StringComparer.Ordinal),
            mountTargets.Select(m => (string)m.Properties["SubnetId"]!["Ref"]!).Order(StringComparer.Ordinal));

        fixture.Application.ResourceCountIs("AWS::EFS::AccessPoint", 1);
        fixture.Application.HasResourceProperties("AWS::EFS::AccessPoint", Props.Like(
            ("PosixUser", Props.Of(("Uid", "1654"), ("Gid", "1654")))));
    }

    private string[] PrivateSubnetIds() => fixture.Resources("AWS::EC2::Subnet")
        .Where(s => (string)s.Properties["CidrBlock"]! is "10.0.11.0/24" or "10.0.12.0/24")
        .Select(s => s.Id)
        .ToArray();

    private object PrivateSubnetRefs() => PrivateSubnetIds().Select(id => Props.Ref(id)).ToArray();
}

[Collection(AwsPublishCollection.Name)]
public sealed class SecurityTests(AwsPublishFixture fixture)
{
    [Fact]
    public void Security_groups_admit_exactly_what_the_seed_draws_and_nothing_wider()
    {
        var alb = fixture.LogicalId("AWS::EC2::SecurityGroup", "AlbSecurityGroup");
        var services = fixture.LogicalId("AWS::EC2::SecurityGroup", "ServiceSecurityGroup");
        var database = fixture.LogicalId("AWS::EC2::SecurityGroup", "DatabaseSecurityGroup");
        var cache = fixture.LogicalId("AWS::EC2::SecurityGroup", "CacheSecurityGroup");
        var files = fixture.LogicalId("AWS::EC2::SecurityGroup", "FileSystemSecurityGroup");
        fixture.Application.ResourceCountIs("AWS::EC2::SecurityGroup", 5);

        // Every inbound rule of the stack, inline or standalone: (group, source, protocol, from, to).
        var rules = new List<(string Group, string Source, string Protocol, int From, int To)>();
        foreach (var (id, properties) in fixture.Resources("AWS::EC2::SecurityGroup"))
        {
            foreach (var rule in properties["SecurityGroupIngress"]?.AsArray() ?? [])
            {
                rules.Add((id, Source(rule!), (string)rule!["IpProtocol"]!, (int)rule["FromPort"]!, (int)rule["ToPort"]!));
            }
        }

        foreach (var (_, properties) in fixture.Resources("AWS::EC2::SecurityGroupIngress"))
        {
            rules.Add(((string)properties["GroupId"]!["Fn::GetAtt"]![0]!, Source(properties), (string)properties["IpProtocol"]!,
                (int)properties["FromPort"]!, (int)properties["ToPort"]!));
        }

        // The ALB alone is open to the internet, on 80 and 443.
        Assert.Equal(
            [(alb, "0.0.0.0/0", "tcp", 80, 80), (alb, "0.0.0.0/0", "tcp", 443, 443)],
            rules.Where(r => r.Source == "0.0.0.0/0").OrderBy(r => r.From));
        Assert.DoesNotContain(rules, r => r.Source.Contains("::/0", StringComparison.Ordinal));

        // The tasks accept only the ALB (TCP, the seed's "all ports"); the data services only the tasks, on their port.
        Assert.All(rules.Where(r => r.Group == services), r => Assert.Equal(alb, r.Source));
        Assert.Contains((services, alb, "tcp", 0, 65535), rules);
        Assert.Equal([(database, services, "tcp", 5432, 5432)], rules.Where(r => r.Group == database));
        Assert.Equal([(cache, services, "tcp", 6379, 6379)], rules.Where(r => r.Group == cache));
        Assert.Equal([(files, services, "tcp", 2049, 2049)], rules.Where(r => r.Group == files));
        Assert.DoesNotContain(rules, r => r.Group == alb && r.Source != "0.0.0.0/0");

        // The RDS, Redis and EFS groups are the ones their resources use.
        fixture.Application.HasResourceProperties("AWS::RDS::DBInstance", Props.Like(("VPCSecurityGroups", new object[] { Props.GetAtt(database, "GroupId") })));
        fixture.Application.HasResourceProperties("AWS::ElastiCache::ReplicationGroup", Props.Like(("SecurityGroupIds", new object[] { Props.GetAtt(cache, "GroupId") })));
        fixture.Application.AllResourcesProperties("AWS::EFS::MountTarget", Props.Like(("SecurityGroups", new object[] { Props.GetAtt(files, "GroupId") })));
        fixture.Application.AllResourcesProperties("AWS::ECS::Service", Props.Like(("NetworkConfiguration", Props.Of(("AwsvpcConfiguration",
            Props.Like(("SecurityGroups", new object[] { Props.GetAtt(services, "GroupId") })))))));
    }

    [Fact]
    public void Execution_role_has_the_seeds_actions_scoped_to_this_stack_except_where_aws_requires_a_wildcard()
    {
        var executionRole = fixture.LogicalId("AWS::IAM::Role", "TaskExecutionRole");
        var statements = PolicyStatements(executionRole);

        // ecr:GetAuthorizationToken supports no resource-level permissions; it is the only "*".
        Assert.Equal(["ecr:GetAuthorizationToken"], statements.Where(s => s.Resources.Contains("\"*\"")).SelectMany(s => s.Actions));

        var logGroups = fixture.Resources("AWS::Logs::LogGroup").Select(l => l.Id).ToList();
        var logStatements = statements.Where(s => s.Actions.Contains("logs:PutLogEvents")).ToList();
        Assert.All(logGroups, id => Assert.Contains(logStatements, s => s.Resources.Contains(id, StringComparison.Ordinal)));
        Assert.All(logStatements, s => Assert.Contains("logs:CreateLogStream", s.Actions));

        // Image pulls: the image-asset repository only. Secrets: the secrets the tasks get, by ARN.
        var pulls = statements.Single(s => s.Actions.Contains("ecr:BatchGetImage"));
        Assert.Equal(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], pulls.Actions.Order(StringComparer.Ordinal));
        Assert.Contains("container-assets", pulls.Resources, StringComparison.Ordinal);
        Assert.All(statements.Where(s => s.Actions.Any(a => a.StartsWith("secretsmanager:", StringComparison.Ordinal))),
            s => Assert.DoesNotContain("\"*\"", s.Resources, StringComparison.Ordinal));
    }

    [Fact]
    public void Task_roles_grant_efs_client_access_to_the_api_only_through_its_access_point()
    {
        var apiRole = fixture.LogicalId("AWS::IAM::Role", "ApiTaskRole");
        var webRole = fixture.LogicalId("AWS::IAM::Role", "WebTaskRole");
        var fileSystem = fixture.LogicalId("AWS::EFS::FileSystem", "FileSystem");
        var accessPoint = fixture.LogicalId("AWS::EFS::AccessPoint", "FileSystemFilesAccessPoint");

        var statement = Assert.Single(PolicyStatements(apiRole));
        Assert.Equal(["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"], statement.Actions.Order(StringComparer.Ordinal));
        Assert.Contains(fileSystem, statement.Resources, StringComparison.Ordinal);
        Assert.Contains("elasticfilesystem:AccessPointArn", statement.Conditions, StringComparison.Ordinal);
        Assert.Contains(accessPoint, statement.Conditions, StringComparison.Ordinal);

        Assert.Empty(PolicyStatements(webRole));
        fixture.Application.HasResourceProperties("AWS::IAM::Role", Props.Like(("AssumeRolePolicyDocument", Props.Like(("Statement", new object[]
        {
            Props.Like(("Principal", Props.Of(("Service", "ecs-tasks.amazonaws.com")))),
        })))));
    }

    private static string Source(JsonNode rule) =>
        (string?)rule["CidrIp"] ?? (string?)rule["CidrIpv6"] ?? (string?)rule["SourceSecurityGroupId"]?["Fn::GetAtt"]?[0] ?? rule.ToJsonString();

    private List<(string[] Actions, string Resources, string Conditions)> PolicyStatements(string roleId) =>
        fixture.Resources("AWS::IAM::Policy")
            .Where(p => p.Properties["Roles"]!.AsArray().Any(r => (string?)r!["Ref"] == roleId))
            .SelectMany(p => p.Properties["PolicyDocument"]!["Statement"]!.AsArray())
            .Select(s => (
                s!["Action"] is JsonArray actions ? actions.Select(a => (string)a!).ToArray() : [(string)s["Action"]!],
                s["Resource"]!.ToJsonString(),
                s["Condition"]?.ToJsonString() ?? ""))
            .ToList();
}

[Collection(AwsPublishCollection.Name)]
public sealed class MonitoringTests(AwsPublishFixture fixture)
{
    [Theory]
    [InlineData("ApiHighCpu", "AWS/ECS", "CPUUtilization", 80, 300, 1, "GreaterThanThreshold")]
    [InlineData("WebHighCpu", "AWS/ECS", "CPUUtilization", 80, 300, 1, "GreaterThanThreshold")]
    [InlineData("ApiHighMemory", "AWS/ECS", "MemoryUtilization", 85, 300, 1, "GreaterThanThreshold")]
    [InlineData("WebHighMemory", "AWS/ECS", "MemoryUtilization", 85, 300, 1, "GreaterThanThreshold")]
    [InlineData("ApiUnhealthyTargets", "AWS/ApplicationELB", "UnHealthyHostCount", 1, 60, 2, "GreaterThanOrEqualToThreshold")]
    [InlineData("WebUnhealthyTargets", "AWS/ApplicationELB", "UnHealthyHostCount", 1, 60, 2, "GreaterThanOrEqualToThreshold")]
    [InlineData("DatabaseConnections", "AWS/RDS", "DatabaseConnections", 80, 300, 1, "GreaterThanThreshold")]
    [InlineData("HighErrorRate", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", 10, 60, 1, "GreaterThanOrEqualToThreshold")]
    public void The_seeds_alarms_notify_the_sns_topic(string id, string metricNamespace, string metric, int threshold, int period, int evaluations, string comparison)
    {
        var topic = fixture.LogicalId("AWS::SNS::Topic", "AlarmTopic");
        var (_, alarm) = fixture.Resources("AWS::CloudWatch::Alarm").Single(a => a.Id.StartsWith(id, StringComparison.Ordinal));
        Assert.Equal(metricNamespace, (string?)alarm["Namespace"]);
        Assert.Equal(metric, (string?)alarm["MetricName"]);
        Assert.Equal(threshold, (int)alarm["Threshold"]!);
        Assert.Equal(period, (int)alarm["Period"]!);
        Assert.Equal(evaluations, (int)alarm["EvaluationPeriods"]!);
        Assert.Equal(comparison, (string?)alarm["ComparisonOperator"]);
        Assert.Equal($$"""[{"Ref":"{{topic}}"}]""", alarm["AlarmActions"]!.ToJsonString());
    }

    [Fact]
    public void Three_alarms_per_service_plus_the_load_balancer_and_database_alarms()
    {
        fixture.Application.ResourceCountIs("AWS::CloudWatch::Alarm", (3 * 2) + 2);
        fixture.Application.ResourceCountIs("AWS::SNS::Topic", 1);
        fixture.Application.ResourceCountIs("AWS::CloudWatch::Dashboard", 1);
    }

    [Fact]
    public void Outputs_name_the_alb_url_the_dashboard_and_the_topic()
    {
        fixture.Application.HasOutput("LoadBalancerUrl", Props.Like(("Value", Match.AnyValue())));
        fixture.Application.HasOutput("DashboardUrl", Props.Like(("Value", Match.AnyValue())));
        fixture.Application.HasOutput("AlarmTopicArn", Props.Like(("Value", Props.Ref(fixture.LogicalId("AWS::SNS::Topic", "AlarmTopic")))));
        var dashboardUrl = fixture.ApplicationJson["Outputs"]!["DashboardUrl"]!.ToJsonString();
        Assert.Contains("#dashboards:name=", dashboardUrl, StringComparison.Ordinal);
        Assert.Contains($$"""{"Ref":"{{fixture.LogicalId("AWS::CloudWatch::Dashboard", "Dashboard")}}"}""", dashboardUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_stack_has_an_ecr_repository_per_service()
    {
        fixture.Registry.ResourceCountIs("AWS::ECR::Repository", 2);
        fixture.Registry.HasResourceProperties("AWS::ECR::Repository", Props.Like(("RepositoryName", "apranova/api")));
        fixture.Registry.HasResourceProperties("AWS::ECR::Repository", Props.Like(("RepositoryName", "apranova/web")));
        fixture.Registry.HasOutput("ApiRepositoryUri", Match.AnyValue());
    }
}
