using System.Text.Json.Nodes;
using ApraNova.Hosting.Aws.Cdk;

namespace ApraNova.Tests.Hosting.Aws.Emulator;

/// <summary>
/// Issue 10's second proof: each publish configuration deploys through CloudFormation on
/// moto_server (a local AWS emulator), registry stack then application stack, reaching
/// CREATE_COMPLETE; an update with a new image tag reaches UPDATE_COMPLETE; and what was created
/// is read back through the AWS API and compared with the architecture's numbers. The only edits
/// to the templates are the stand-ins of <c>moto-stand-ins.json</c>.
/// </summary>
[Collection(AwsPublishCollection.Name)]
public sealed class MotoDeployTests(AwsPublishFixture fixture)
{
    private static readonly TimeSpan StackTimeout = TimeSpan.FromMinutes(3);

    private readonly MotoStandIns _standIns = MotoStandIns.Load();

    [RequiresToolsTheory("moto_server", "aws")]
    [MemberData(nameof(Variant.Names), MemberType = typeof(Variant))]
    public async Task Deploys_updates_and_reads_back_as_the_architecture_draws(string name)
    {
        await using var moto = await MotoServer.StartAsync();
        var folder = Directory.CreateTempSubdirectory("apranova-moto-");
        try
        {
            // What `cdk bootstrap` leaves in an account and the templates check.
            await moto.AwsAsync("ssm", "put-parameter", "--name", "/cdk-bootstrap/hnb659fds/version", "--value", "21", "--type", "String");
            var (variant, emulatorValues) = await InEmulatorAsync(Variant.Named(name), moto);

            var synthesis = fixture.Synthesize(variant);
            // CI's update: the same configuration running a newer image from the registry.
            var update = fixture.Synthesize(variant with
            {
                Name = variant.Name + "-update",
                Settings = new Dictionary<string, string>(variant.Settings) { ["ImageTag"] = "fedcba9876543210" },
            });

            // The registry first, as CI deploys it (with the exports the image tag uses: moto does
            // not add exports on a stack update), then the application stack, then its update.
            await DeployAsync(moto, folder.FullName, update, AwsPublishFixture.RegistryStackName, "create-stack", "CREATE_COMPLETE", emulatorValues);
            await DeployAsync(moto, folder.FullName, synthesis, AwsPublishFixture.StackName, "create-stack", "CREATE_COMPLETE", emulatorValues);
            await DeployAsync(moto, folder.FullName, update, AwsPublishFixture.StackName, "update-stack", "UPDATE_COMPLETE", emulatorValues);

            await AssertArchitectureAsync(moto, variant);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_stand_in_names_the_moto_gap_it_works_around_and_replaces_nothing_read_back()
    {
        var entries = _standIns.Entries.ToList();
        Assert.All(entries, e => Assert.True(e.Gap.Length > 20, $"{e.Type} needs the moto gap it works around"));
        // What the rehearsal compares with the architecture is deployed as it is.
        string[] readBack = ["AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress", "AWS::EC2::NatGateway",
            "AWS::ElasticLoadBalancingV2::TargetGroup", "AWS::RDS::DBInstance", "AWS::EFS::FileSystem", "AWS::EFS::MountTarget", "AWS::ECS::Service"];
        var replaced = MotoStandIns.Load().Apply(fixture.ApplicationJson, AwsPublishFixture.StackName).Template["Resources"]!.AsObject();
        foreach (var (id, resource) in fixture.ApplicationJson["Resources"]!.AsObject().Where(r => readBack.Contains((string)r.Value!["Type"]!)))
        {
            Assert.Equal((string)resource!["Type"]!, (string)replaced[id]!["Type"]!);
        }
    }

    /// <summary>
    /// What a domain needs to exist in the account: the emulator's own hosted zone and certificate
    /// stand for the user's (the variant is synthesized with their ids, as a user passes theirs).
    /// </summary>
    private static async Task<(Variant Variant, IReadOnlyDictionary<string, string> EmulatorValues)> InEmulatorAsync(Variant variant, MotoServer moto)
    {
        if (!variant.Settings.TryGetValue("DomainName", out var domain))
        {
            return (variant, new Dictionary<string, string>());
        }

        var certificate = (string)(await moto.AwsAsync("acm", "request-certificate", "--domain-name", domain, "--validation-method", "DNS"))!["CertificateArn"]!;
        var settings = new Dictionary<string, string>(variant.Settings);
        if (settings.ContainsKey("CertificateArn"))
        {
            settings["CertificateArn"] = certificate;
        }

        if (settings.TryGetValue("HostedZoneName", out var zoneName))
        {
            var zone = await moto.AwsAsync("route53", "create-hosted-zone", "--name", zoneName, "--caller-reference", Guid.NewGuid().ToString("N"));
            settings["HostedZoneId"] = ((string)zone!["HostedZone"]!["Id"]!).Split('/').Last();
        }

        var inEmulator = variant with { Name = $"{variant.Name}-moto-{Guid.NewGuid():N}", Settings = settings };
        return (inEmulator, new Dictionary<string, string> { ["EmulatorCertificateArn"] = certificate });
    }

    private async Task DeployAsync(MotoServer moto, string folder, SynthesisResult synthesis, string stackName, string command, string expected,
        IReadOnlyDictionary<string, string> emulatorValues)
    {
        var (template, _) = _standIns.Apply(synthesis.Templates[stackName], stackName, emulatorValues);
        var file = Path.Combine(folder, $"{stackName}-{command}-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, template.ToJsonString());
        await moto.AwsAsync("cloudformation", command, "--stack-name", stackName, "--template-body", $"file://{file}",
            "--capabilities", "CAPABILITY_IAM", "CAPABILITY_NAMED_IAM");

        using var deadline = new CancellationTokenSource(StackTimeout);
        string status;
        while (true)
        {
            var stacks = await moto.AwsAsync("cloudformation", "describe-stacks", "--stack-name", stackName);
            status = (string)stacks!["Stacks"]![0]!["StackStatus"]!;
            if (!status.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) || deadline.IsCancellationRequested)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
        }

        if (status != expected)
        {
            var events = await moto.AwsAsync("cloudformation", "describe-stack-events", "--stack-name", stackName);
            Assert.Fail($"{stackName} {command}: {status}, expected {expected}.\nEvents: {MotoServer.Tail(events?.ToJsonString() ?? "")}\nmoto: {MotoServer.Tail(moto.Log)}");
        }
    }

    /// <summary>docs/architecture.md's numbers, read back through the AWS API (what moto implements of each).</summary>
    private async Task AssertArchitectureAsync(MotoServer moto, Variant variant)
    {
        var physical = (await moto.AwsAsync("cloudformation", "describe-stack-resources", "--stack-name", AwsPublishFixture.StackName))!["StackResources"]!.AsArray()
            .ToDictionary(r => (string)r!["LogicalResourceId"]!, r => (string?)r!["PhysicalResourceId"] ?? "", StringComparer.Ordinal);
        string Physical(string type, string prefix) => physical[fixture.LogicalId(type, prefix)];

        // Network (§2): the VPC, its four subnets over two AZs, the NAT gateways.
        var vpcId = Physical("AWS::EC2::VPC", "NetworkVpc");
        var vpc = (await moto.AwsAsync("ec2", "describe-vpcs", "--vpc-ids", vpcId))!["Vpcs"]![0]!;
        Assert.Equal("10.0.0.0/16", (string?)vpc["CidrBlock"]);
        var subnets = (await moto.AwsAsync("ec2", "describe-subnets", "--filters", $"Name=vpc-id,Values={vpcId}"))!["Subnets"]!.AsArray();
        Assert.Equal(["10.0.1.0/24", "10.0.11.0/24", "10.0.12.0/24", "10.0.2.0/24"], subnets.Select(s => (string)s!["CidrBlock"]!).Order(StringComparer.Ordinal));
        Assert.Equal(2, subnets.Select(s => (string)s!["AvailabilityZone"]!).Distinct().Count());
        Assert.Equal(
            subnets.Where(s => (string)s!["CidrBlock"]! is "10.0.1.0/24" or "10.0.11.0/24").Select(s => (string)s!["AvailabilityZone"]!).Distinct().Single(),
            subnets.Where(s => (string)s!["CidrBlock"]! is "10.0.1.0/24").Select(s => (string)s!["AvailabilityZone"]!).Single());
        var subnetCidrs = subnets.ToDictionary(s => (string)s!["SubnetId"]!, s => (string)s!["CidrBlock"]!, StringComparer.Ordinal);

        var natGateways = (await moto.AwsAsync("ec2", "describe-nat-gateways", "--filter", $"Name=vpc-id,Values={vpcId}"))!["NatGateways"]!.AsArray();
        var expectedNat = variant.Settings.GetValueOrDefault("NatGateways", "1") == "0" ? 0 : 1;
        Assert.Equal(expectedNat, natGateways.Count);
        Assert.All(natGateways, n => Assert.Equal("10.0.1.0/24", subnetCidrs[(string)n!["SubnetId"]!]));

        // Security groups (§2): each tier admits only the one in front of it, on its port.
        var loadBalancerGroup = Physical("AWS::EC2::SecurityGroup", "NetworkLoadBalancerSecurityGroup");
        var serviceGroup = Physical("AWS::EC2::SecurityGroup", "NetworkServiceSecurityGroup");
        Assert.Equal([("0.0.0.0/0", 80), ("0.0.0.0/0", 443)], await IngressAsync(moto, loadBalancerGroup));
        Assert.Equal([(loadBalancerGroup, 3000), (loadBalancerGroup, 8000)], await IngressAsync(moto, serviceGroup));
        Assert.Equal([(serviceGroup, 5432)], await IngressAsync(moto, Physical("AWS::EC2::SecurityGroup", "DatabaseSecurityGroup")));
        Assert.Equal([(serviceGroup, 6379)], await IngressAsync(moto, Physical("AWS::EC2::SecurityGroup", "CacheSecurityGroup")));
        Assert.Equal([(serviceGroup, 2049)], await IngressAsync(moto, Physical("AWS::EC2::SecurityGroup", "FilesStoreSecurityGroup")));
        // (Egress is not read back: moto keeps a new group's allow-all egress whatever the template's
        // inline rules say. The template tests check the load balancer's egress.)

        // Target groups (§3): readiness every 30 s, 5 s timeout, 3 failures.
        var targetGroups = (await moto.AwsAsync("elbv2", "describe-target-groups"))!["TargetGroups"]!.AsArray()
            .Select(t => ((int)t!["Port"]!, (string)t["HealthCheckPath"]!, (int)t["HealthCheckIntervalSeconds"]!, (int)t["HealthCheckTimeoutSeconds"]!,
                (int)t["UnhealthyThresholdCount"]!, (string)t["TargetType"]!, (string)t["Protocol"]!))
            .Order()
            .ToList();
        Assert.Equal([(3000, "/", 30, 5, 3, "ip", "HTTP"), (8000, "/health", 30, 5, 3, "ip", "HTTP")], targetGroups);

        // RDS (§4).
        var database = (await moto.AwsAsync("rds", "describe-db-instances"))!["DBInstances"]!.AsArray().Single()!;
        Assert.Equal("db.t3.micro", (string?)database["DBInstanceClass"]);
        Assert.Equal("postgres", (string?)database["Engine"]);
        Assert.StartsWith("14", (string?)database["EngineVersion"], StringComparison.Ordinal);
        Assert.Equal(20, (int)database["AllocatedStorage"]!);
        Assert.Equal("gp2", (string?)database["StorageType"]);
        Assert.Equal(7, (int)database["BackupRetentionPeriod"]!);
        Assert.Equal(variant.Settings.GetValueOrDefault("MultiAz") == "true", (bool)database["MultiAZ"]!);
        Assert.True((bool)database["StorageEncrypted"]!);
        Assert.False((bool)database["PubliclyAccessible"]!);
        Assert.Equal("apranova_db", (string?)database["DBName"]);
        Assert.Equal(5432, (int)database["Endpoint"]!["Port"]!);

        // EFS (§4): one encrypted general-purpose bursting file system, a mount target in each private subnet.
        var fileSystem = (await moto.AwsAsync("efs", "describe-file-systems"))!["FileSystems"]!.AsArray().Single()!;
        Assert.Equal("generalPurpose", (string?)fileSystem["PerformanceMode"]);
        Assert.Equal("bursting", (string?)fileSystem["ThroughputMode"]);
        Assert.True((bool)fileSystem["Encrypted"]!);
        var mountTargets = (await moto.AwsAsync("efs", "describe-mount-targets", "--file-system-id", (string)fileSystem["FileSystemId"]!))!["MountTargets"]!.AsArray();
        Assert.Equal(["10.0.11.0/24", "10.0.12.0/24"], mountTargets.Select(m => subnetCidrs[(string)m!["SubnetId"]!]).Order(StringComparer.Ordinal));

        // Services (§3): both in the cluster; the update registered a new revision of each task definition.
        var clusters = (await moto.AwsAsync("ecs", "list-clusters"))!["clusterArns"]!.AsArray().Select(c => (string)c!).ToList();
        var services = new List<string>();
        foreach (var cluster in clusters)
        {
            services.AddRange((await moto.AwsAsync("ecs", "list-services", "--cluster", cluster))!["serviceArns"]!.AsArray().Select(a => (string)a!));
        }

        Assert.True(services.Count == 2, $"services: {string.Join(", ", services)}; clusters: {string.Join(", ", clusters)}");
        var revisions = (await moto.AwsAsync("ecs", "list-task-definitions"))!["taskDefinitionArns"]!.AsArray().Select(a => (string)a!).ToList();
        Assert.True(revisions.Count(a => a.EndsWith(":2", StringComparison.Ordinal)) == 2, $"task definitions after the update: {string.Join(", ", revisions)}");
    }

    /// <summary>A group's inbound rules as (peer, port): a CIDR or a source group.</summary>
    private static async Task<List<(string Peer, int Port)>> IngressAsync(MotoServer moto, string groupId)
    {
        var permissions = (await moto.AwsAsync("ec2", "describe-security-groups", "--group-ids", groupId))!["SecurityGroups"]![0]!["IpPermissions"]!.AsArray();
        return permissions
            .SelectMany(p => p!["IpRanges"]!.AsArray().Select(r => (string)r!["CidrIp"]!)
                .Concat(p["UserIdGroupPairs"]!.AsArray().Select(g => (string)g!["GroupId"]!))
                .Select(peer => (peer, (int)p["FromPort"]!)))
            .Order()
            .ToList();
    }
}
