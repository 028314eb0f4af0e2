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

[Collection(AwsPublishCollection.Name)]
public sealed class LoadBalancerTests(AwsPublishFixture fixture)
{
    [Fact]
    public void Internet_facing_alb_in_the_public_subnets_listens_on_80_and_forwards_by_default_to_web()
    {
        fixture.Application.ResourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 1);
        fixture.Application.HasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Props.Of(
            ("Scheme", "internet-facing"), ("Type", "application")));

        var webTargetGroup = fixture.LogicalId("AWS::ElasticLoadBalancingV2::TargetGroup", "WebTargetGroup");
        fixture.Application.ResourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 1);
        fixture.Application.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Props.Of(
            ("Port", 80),
            ("Protocol", "HTTP"),
            ("DefaultActions", new object[] { Props.Like(("Type", "forward"), ("TargetGroupArn", Props.Ref(webTargetGroup))) })));
    }

    [Fact]
    public void Api_and_admin_paths_go_to_the_api_target_group()
    {
        var apiTargetGroup = fixture.LogicalId("AWS::ElasticLoadBalancingV2::TargetGroup", "ApiTargetGroup");
        fixture.Application.ResourceCountIs("AWS::ElasticLoadBalancingV2::ListenerRule", 1);
        fixture.Application.HasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", Props.Of(
            ("Conditions", new object[] { Props.Of(("Field", "path-pattern"), ("PathPatternConfig", Props.Of(("Values", new object[] { "/api/*", "/admin/*" })))) }),
            ("Actions", new object[] { Props.Like(("Type", "forward"), ("TargetGroupArn", Props.Ref(apiTargetGroup))) })));
    }

    [Theory]
    [InlineData("ApiTargetGroup", 8000, "/health")]
    [InlineData("WebTargetGroup", 3000, "/")]
    public void Target_groups_check_health_every_30s_with_5s_timeout_and_3_retries(string id, int port, string path)
    {
        var (_, properties) = fixture.Resources("AWS::ElasticLoadBalancingV2::TargetGroup").Single(t => t.Id.StartsWith(id, StringComparison.Ordinal));
        Assert.Equal(port, (int)properties["Port"]!);
        Assert.Equal("HTTP", (string?)properties["Protocol"]);
        Assert.Equal("ip", (string?)properties["TargetType"]);
        Assert.Equal(path, (string?)properties["HealthCheckPath"]);
        Assert.Equal(30, (int)properties["HealthCheckIntervalSeconds"]!);
        Assert.Equal(5, (int)properties["HealthCheckTimeoutSeconds"]!);
        Assert.Equal(3, (int)properties["UnhealthyThresholdCount"]!);
    }

    [Fact]
    public void With_a_certificate_443_serves_https_and_80_redirects_to_it()
    {
        const string certificate = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000";
        var result = Variants.Synthesize(fixture, fixture.Result.Deployment, o => o with { CertificateArn = certificate });
        var template = Template.FromString(result.Templates["ApraNova"].ToJsonString());

        template.ResourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 2);
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Props.Of(
            ("Port", 443),
            ("Protocol", "HTTPS"),
            ("Certificates", new object[] { Props.Of(("CertificateArn", certificate)) })));
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Props.Of(
            ("Port", 80),
            ("Protocol", "HTTP"),
            ("DefaultActions", new object[]
            {
                Props.Of(("Type", "redirect"), ("RedirectConfig", Props.Of(("Protocol", "HTTPS"), ("Port", "443"), ("StatusCode", "HTTP_301")))),
            })));

        // The path rules move to the HTTPS listener, and the public URL the api gets is https.
        var https = Template.FromString(result.Templates["ApraNova"].ToJsonString())
            .FindResources("AWS::ElasticLoadBalancingV2::Listener", Props.Of(("Properties", Props.Like(("Port", 443)))));
        var httpsId = Assert.Single(https.Keys);
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", Props.Like(("ListenerArn", Props.Ref(httpsId))));
        var apiEnvironment = result.Templates["ApraNova"]["Resources"]!.AsObject()
            .Where(r => (string?)r.Value!["Type"] == "AWS::ECS::TaskDefinition")
            .Select(r => r.Value!["Properties"]!["ContainerDefinitions"]![0]!)
            .Single(c => (string?)c["Name"] == "api")["Environment"]!.AsArray();
        var publicUrl = apiEnvironment.Single(e => (string?)e!["Name"] == "App__PublicUrl")!["Value"]!.ToJsonString();
        Assert.Contains("\"https://\"", publicUrl, StringComparison.Ordinal);
    }
}
