using Amazon.CDK.Assertions;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>docs/architecture.md §2: the VPC, its subnets, NAT gateways and flow logs.</summary>
[Collection(AwsPublishCollection.Name)]
public sealed class NetworkTests(AwsPublishFixture fixture)
{
    [Fact]
    public void Vpc_is_10_0_0_0_16_with_public_1_and_2_and_private_11_and_12_over_two_azs()
    {
        fixture.Application.HasResourceProperties("AWS::EC2::VPC", Props.Like(("CidrBlock", "10.0.0.0/16")));
        fixture.Application.ResourceCountIs("AWS::EC2::Subnet", 4);

        var subnets = fixture.Resources("AWS::EC2::Subnet").ToList();
        Assert.Equal(
            ["10.0.1.0/24", "10.0.11.0/24", "10.0.12.0/24", "10.0.2.0/24"],
            subnets.Select(s => (string)s.Properties["CidrBlock"]!).Order(StringComparer.Ordinal));

        // Public subnets auto-assign public IPs; private ones do not.
        foreach (var (_, properties) in subnets)
        {
            var isPublic = (string)properties["CidrBlock"]! is "10.0.1.0/24" or "10.0.2.0/24";
            Assert.Equal(isPublic, (bool)properties["MapPublicIpOnLaunch"]!);
        }

        // One subnet of each kind in the first AZ and one in the second (environment-agnostic: Fn::GetAZs).
        var azIndexes = subnets.Select(s => s.Properties["AvailabilityZone"]!["Fn::Select"]![0]!.GetValue<int>()).ToList();
        Assert.Equal(2, azIndexes.Count(i => i == 0));
        Assert.Equal(2, azIndexes.Count(i => i == 1));
    }

    [Fact]
    public void One_nat_gateway_in_the_first_public_subnet_is_the_private_subnets_way_out()
    {
        var (_, nat) = Assert.Single(fixture.Resources("AWS::EC2::NatGateway"));
        var natSubnet = (string)nat["SubnetId"]!["Ref"]!;
        var subnet = fixture.Resources("AWS::EC2::Subnet").Single(s => s.Id == natSubnet).Properties;
        Assert.Equal("10.0.1.0/24", (string?)subnet["CidrBlock"]);

        var natRoutes = fixture.Resources("AWS::EC2::Route").Where(r => r.Properties["NatGatewayId"] is not null).ToList();
        Assert.Equal(2, natRoutes.Count);
        Assert.All(natRoutes, r => Assert.Equal("0.0.0.0/0", (string?)r.Properties["DestinationCidrBlock"]));
    }

    [Fact]
    public void Vpc_flow_logs_record_all_traffic_into_a_log_group_kept_30_days()
    {
        var (_, flowLog) = Assert.Single(fixture.Resources("AWS::EC2::FlowLog"));
        Assert.Equal("ALL", (string?)flowLog["TrafficType"]);
        Assert.Equal("VPC", (string?)flowLog["ResourceType"]);
        Assert.Equal("cloud-watch-logs", (string?)flowLog["LogDestinationType"]);
        var logGroup = (string)flowLog["LogGroupName"]!["Ref"]!;
        var group = fixture.Resources("AWS::Logs::LogGroup").Single(l => l.Id == logGroup).Properties;
        Assert.Equal(30, (int)group["RetentionInDays"]!);
    }

    [Fact]
    public void Without_nat_gateways_private_subnets_have_no_route_out_and_keep_their_cidrs()
    {
        var template = fixture.ApplicationOf(Variant.NoNatGateway);
        template.ResourceCountIs("AWS::EC2::NatGateway", 0);
        template.ResourceCountIs("AWS::EC2::EIP", 0);

        var resources = fixture.Synthesize(Variant.NoNatGateway).Templates[AwsPublishFixture.StackName];
        var routes = Templates.Resources(resources, "AWS::EC2::Route").Select(r => r.Properties).ToList();
        Assert.All(routes, r => Assert.NotNull(r["GatewayId"]));
        template.HasResourceProperties("AWS::EC2::Subnet", Props.Like(("CidrBlock", "10.0.11.0/24"), ("MapPublicIpOnLaunch", false)));
        template.HasResourceProperties("AWS::EC2::Subnet", Props.Like(("CidrBlock", "10.0.12.0/24"), ("MapPublicIpOnLaunch", false)));
        template.HasResourceProperties("AWS::RDS::DBSubnetGroup", Match.AnyValue());
    }
}
