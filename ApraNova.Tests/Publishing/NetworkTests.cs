using Amazon.CDK.Assertions;

namespace ApraNova.Tests.Publishing;

[Collection(AwsPublishCollection.Name)]
public sealed class NetworkTests(AwsPublishFixture fixture)
{
    [Fact]
    public void Vpc_has_the_seed_cidr_and_two_public_and_two_private_subnets_in_two_azs()
    {
        fixture.Application.HasResourceProperties("AWS::EC2::VPC", Props.Of(("CidrBlock", "10.0.0.0/16")));
        fixture.Application.ResourceCountIs("AWS::EC2::Subnet", 4);

        var subnets = fixture.Resources("AWS::EC2::Subnet").ToList();
        Assert.Equal(
            ["10.0.1.0/24", "10.0.11.0/24", "10.0.12.0/24", "10.0.2.0/24"],
            subnets.Select(s => (string)s.Properties["CidrBlock"]!).Order(StringComparer.Ordinal));

        // Public subnets auto-assign public IPs; private ones do not.
        foreach (var (_, properties) in subnets)
        {
            var isPublic = ((string)properties["CidrBlock"]!).StartsWith("10.0.1.", StringComparison.Ordinal)
                || ((string)properties["CidrBlock"]!).StartsWith("10.0.2.", StringComparison.Ordinal);
            Assert.Equal(isPublic, (bool)properties["MapPublicIpOnLaunch"]!);
        }

        // One subnet of each kind in the first AZ and one in the second (environment-agnostic: Fn::GetAZs).
        var azIndexes = subnets.Select(s => s.Properties["AvailabilityZone"]!["Fn::Select"]![0]!.GetValue<int>()).ToList();
        Assert.Equal(2, azIndexes.Count(i => i == 0));
        Assert.Equal(2, azIndexes.Count(i => i == 1));
    }
}
