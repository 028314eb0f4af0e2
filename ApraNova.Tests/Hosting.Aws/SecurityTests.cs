using System.Text.Json.Nodes;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>docs/architecture.md §2 and §6: security groups and IAM roles.</summary>
[Collection(AwsPublishCollection.Name)]
public sealed class SecurityTests(AwsPublishFixture fixture)
{
    [Fact]
    public void Security_groups_admit_each_tier_only_from_the_one_in_front_of_it()
    {
        var alb = fixture.LogicalId("AWS::EC2::SecurityGroup", "NetworkLoadBalancerSecurityGroup");
        var services = fixture.LogicalId("AWS::EC2::SecurityGroup", "NetworkServiceSecurityGroup");
        var database = fixture.LogicalId("AWS::EC2::SecurityGroup", "DatabaseSecurityGroup");
        var cache = fixture.LogicalId("AWS::EC2::SecurityGroup", "CacheSecurityGroup");
        var files = fixture.LogicalId("AWS::EC2::SecurityGroup", "FilesStoreSecurityGroup");
        fixture.Application.ResourceCountIs("AWS::EC2::SecurityGroup", 5);

        var ingress = Rules("SecurityGroupIngress", "AWS::EC2::SecurityGroupIngress", "SourceSecurityGroupId");

        // The ALB alone is open to the internet, on 80 and 443.
        Assert.Equal(
            [(alb, "0.0.0.0/0", "tcp", 80, 80), (alb, "0.0.0.0/0", "tcp", 443, 443)],
            ingress.Where(r => r.Peer == "0.0.0.0/0").OrderBy(r => r.From));
        Assert.DoesNotContain(ingress, r => r.Peer.Contains("::/0", StringComparison.Ordinal));
        Assert.DoesNotContain(ingress, r => r.Group == alb && r.Peer != "0.0.0.0/0");

        // The tasks accept the ALB only, on the container ports; the data stores the tasks only, on their port.
        Assert.Equal([(services, alb, "tcp", 3000, 3000), (services, alb, "tcp", 8000, 8000)], ingress.Where(r => r.Group == services).OrderBy(r => r.From));
        Assert.Equal([(database, services, "tcp", 5432, 5432)], ingress.Where(r => r.Group == database));
        Assert.Equal([(cache, services, "tcp", 6379, 6379)], ingress.Where(r => r.Group == cache));
        Assert.Equal([(files, services, "tcp", 2049, 2049)], ingress.Where(r => r.Group == files));

        // The ALB talks only to the services, on their ports, inside the VPC. At least one inline
        // rule: only inline rules replace the allow-all egress EC2 gives a new group.
        var inlineEgress = Rules("SecurityGroupEgress", "-", "DestinationSecurityGroupId").Where(r => r.Group == alb).ToList();
        Assert.Equal([(alb, "10.0.0.0/16", "tcp", 3000, 3000), (alb, "10.0.0.0/16", "tcp", 8000, 8000)], inlineEgress.OrderBy(r => r.From));
        var egress = Rules("SecurityGroupEgress", "AWS::EC2::SecurityGroupEgress", "DestinationSecurityGroupId").Where(r => r.Group == alb).ToList();
        Assert.All(egress, r => Assert.Contains(r.Peer, new[] { "10.0.0.0/16", services }));
        Assert.All(egress, r => Assert.Contains(r.From, new[] { 3000, 8000 }));

        // The RDS, Redis and EFS groups are the ones their resources use.
        fixture.Application.HasResourceProperties("AWS::RDS::DBInstance", Props.Like(("VPCSecurityGroups", new object[] { Props.GetAtt(database, "GroupId") })));
        fixture.Application.HasResourceProperties("AWS::ElastiCache::ReplicationGroup", Props.Like(("SecurityGroupIds", new object[] { Props.GetAtt(cache, "GroupId") })));
        fixture.Application.AllResourcesProperties("AWS::EFS::MountTarget", Props.Like(("SecurityGroups", new object[] { Props.GetAtt(files, "GroupId") })));
        fixture.Application.AllResourcesProperties("AWS::ECS::Service", Props.Like(("NetworkConfiguration", Props.Of(("AwsvpcConfiguration",
            Props.Like(("SecurityGroups", new object[] { Props.GetAtt(services, "GroupId") })))))));
    }

    [Fact]
    public void Execution_role_has_the_architectures_actions_scoped_to_this_stack_except_where_aws_requires_a_wildcard()
    {
        var executionRole = fixture.LogicalId("AWS::IAM::Role", "ServicesExecutionRole");
        var statements = PolicyStatements(executionRole);

        // ecr:GetAuthorizationToken supports no resource-level permissions; it is the only "*".
        Assert.Equal(["ecr:GetAuthorizationToken"], statements.Where(s => s.Resources.Contains("\"*\"")).SelectMany(s => s.Actions));

        var logGroups = fixture.Resources("AWS::ECS::TaskDefinition")
            .Select(t => (string)t.Properties["ContainerDefinitions"]![0]!["LogConfiguration"]!["Options"]!["awslogs-group"]!["Ref"]!)
            .ToList();
        var logStatements = statements.Where(s => s.Actions.Contains("logs:PutLogEvents")).ToList();
        Assert.All(logGroups, id => Assert.Contains(logStatements, s => s.Resources.Contains(id, StringComparison.Ordinal)));
        Assert.All(logStatements, s => Assert.Contains("logs:CreateLogStream", s.Actions));

        // Image pulls: the image-asset repository only. Secrets: the secrets the tasks get, by ARN.
        var pulls = statements.Single(s => s.Actions.Contains("ecr:BatchGetImage"));
        Assert.Equal(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], pulls.Actions.Order(StringComparer.Ordinal));
        Assert.Contains("container-assets", pulls.Resources, StringComparison.Ordinal);
        var secretStatements = statements.Where(s => s.Actions.Any(a => a.StartsWith("secretsmanager:", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(secretStatements);
        Assert.All(secretStatements, s => Assert.DoesNotContain("\"*\"", s.Resources, StringComparison.Ordinal));
    }

    [Fact]
    public void Task_roles_grant_efs_client_access_to_the_api_only_through_its_access_point()
    {
        var apiRole = fixture.LogicalId("AWS::IAM::Role", "ServicesApiTaskRole");
        var webRole = fixture.LogicalId("AWS::IAM::Role", "ServicesWebTaskRole");
        var fileSystem = fixture.LogicalId("AWS::EFS::FileSystem", "FilesStoreFileSystem");
        var accessPoint = fixture.LogicalId("AWS::EFS::AccessPoint", "FilesStoreFileSystemAccessPoint");

        // (Their other statements, telemetry and mail, are checked by TelemetryAndMailTests.)
        static bool Efs((string[] Actions, string Resources, string Conditions) s) => s.Actions.Any(a => a.StartsWith("elasticfilesystem:", StringComparison.Ordinal));
        var statement = Assert.Single(PolicyStatements(apiRole), Efs);
        Assert.Equal(["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"], statement.Actions.Order(StringComparer.Ordinal));
        Assert.Contains(fileSystem, statement.Resources, StringComparison.Ordinal);
        Assert.Contains("elasticfilesystem:AccessPointArn", statement.Conditions, StringComparison.Ordinal);
        Assert.Contains(accessPoint, statement.Conditions, StringComparison.Ordinal);

        Assert.DoesNotContain(PolicyStatements(webRole), Efs);
    }

    /// <summary>Inline and standalone rules of one direction: (group, peer, protocol, from, to).</summary>
    private List<(string Group, string Peer, string Protocol, int From, int To)> Rules(string inlineProperty, string standaloneType, string peerGroupProperty)
    {
        var rules = new List<(string, string, string, int, int)>();
        foreach (var (id, properties) in fixture.Resources("AWS::EC2::SecurityGroup"))
        {
            foreach (var rule in properties[inlineProperty]?.AsArray() ?? [])
            {
                // IpProtocol -1 (all traffic) has no ports.
                rules.Add((id, Peer(rule!, peerGroupProperty), (string)rule!["IpProtocol"]!, (int?)rule["FromPort"] ?? 0, (int?)rule["ToPort"] ?? 65535));
            }
        }

        foreach (var (_, properties) in fixture.Resources(standaloneType))
        {
            rules.Add(((string)properties["GroupId"]!["Fn::GetAtt"]![0]!, Peer(properties, peerGroupProperty), (string)properties["IpProtocol"]!,
                (int)properties["FromPort"]!, (int)properties["ToPort"]!));
        }

        return rules;
    }

    private static string Peer(JsonNode rule, string peerGroupProperty) =>
        (string?)rule["CidrIp"] ?? (string?)rule["CidrIpv6"] ?? (string?)rule[peerGroupProperty]?["Fn::GetAtt"]?[0] ?? rule.ToJsonString();

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
