using Amazon.CDK.Assertions;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>docs/architecture.md §1 and §3: the load balancer, its routes, health checks and domain.</summary>
[Collection(AwsPublishCollection.Name)]
public sealed class LoadBalancerTests(AwsPublishFixture fixture)
{
    [Fact]
    public void Internet_facing_alb_in_the_public_subnets_listens_on_80_and_forwards_by_default_to_web()
    {
        fixture.Application.ResourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 1);
        fixture.Application.HasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Props.Like(
            ("Scheme", "internet-facing"), ("Type", "application")));
        var (_, loadBalancer) = Assert.Single(fixture.Resources("AWS::ElasticLoadBalancingV2::LoadBalancer"));
        var publicSubnets = fixture.Resources("AWS::EC2::Subnet")
            .Where(s => (string)s.Properties["CidrBlock"]! is "10.0.1.0/24" or "10.0.2.0/24")
            .Select(s => s.Id)
            .Order(StringComparer.Ordinal);
        Assert.Equal(publicSubnets, loadBalancer["Subnets"]!.AsArray().Select(s => (string)s!["Ref"]!).Order(StringComparer.Ordinal));

        var webTargetGroup = fixture.LogicalId("AWS::ElasticLoadBalancingV2::TargetGroup", "ServicesWebTargetGroup");
        fixture.Application.ResourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 1);
        fixture.Application.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Props.Of(
            ("LoadBalancerArn", Match.AnyValue()),
            ("Port", 80),
            ("Protocol", "HTTP"),
            ("DefaultActions", new object[] { Props.Like(("Type", "forward"), ("TargetGroupArn", Props.Ref(webTargetGroup))) })));
    }

    [Fact]
    public void Api_and_admin_paths_go_to_the_api_target_group()
    {
        var apiTargetGroup = fixture.LogicalId("AWS::ElasticLoadBalancingV2::TargetGroup", "ServicesApiTargetGroup");
        fixture.Application.ResourceCountIs("AWS::ElasticLoadBalancingV2::ListenerRule", 1);
        fixture.Application.HasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", Props.Like(
            ("Conditions", new object[] { Props.Of(("Field", "path-pattern"), ("PathPatternConfig", Props.Of(("Values", new object[] { "/api/*", "/admin/*" })))) }),
            ("Actions", new object[] { Props.Like(("Type", "forward"), ("TargetGroupArn", Props.Ref(apiTargetGroup))) })));
    }

    [Theory]
    [InlineData("ServicesApiTargetGroup", 8000, "/health")]
    [InlineData("ServicesWebTargetGroup", 3000, "/")]
    public void Target_groups_probe_readiness_every_30s_with_5s_timeout_and_3_failures(string id, int port, string path)
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
    public void A_domain_in_a_hosted_zone_gets_a_dns_validated_certificate_an_alias_and_https_urls()
    {
        var template = fixture.ApplicationOf(Variant.DomainWithHostedZone);
        template.HasResourceProperties("AWS::CertificateManager::Certificate", Props.Like(
            ("DomainName", Variant.ExampleDomain),
            ("ValidationMethod", "DNS"),
            ("DomainValidationOptions", new object[] { Props.Of(("DomainName", Variant.ExampleDomain), ("HostedZoneId", Variant.ExampleHostedZoneId)) })));
        template.HasResourceProperties("AWS::Route53::RecordSet", Props.Like(
            ("Name", Variant.ExampleDomain + "."),
            ("Type", "A"),
            ("HostedZoneId", Variant.ExampleHostedZoneId),
            ("AliasTarget", Match.ObjectLike(Props.Of(("DNSName", Match.AnyValue()))))));
        AssertHttpsOnTheDomain(Variant.DomainWithHostedZone, template);
    }

    [Fact]
    public void A_domain_with_a_given_certificate_serves_https_with_that_certificate()
    {
        var template = fixture.ApplicationOf(Variant.DomainWithCertificate);
        template.ResourceCountIs("AWS::CertificateManager::Certificate", 0);
        template.ResourceCountIs("AWS::Route53::RecordSet", 0);
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Props.Like(
            ("Port", 443), ("Certificates", new object[] { Props.Of(("CertificateArn", Variant.ExampleCertificateArn)) })));
        AssertHttpsOnTheDomain(Variant.DomainWithCertificate, template);
    }

    [Theory]
    [InlineData("CertificateArn", Variant.ExampleCertificateArn, "needs Aws:DomainName")]
    [InlineData("HostedZoneId", Variant.ExampleHostedZoneId, "needs Aws:DomainName")]
    [InlineData("DomainName", Variant.ExampleDomain, "needs Aws:HostedZoneId")]
    public void Half_a_domain_configuration_is_refused_with_what_is_missing(string key, string value, string message)
    {
        var variant = new Variant($"invalid-{key}", new Dictionary<string, string> { [key] = value });
        var error = Assert.Throws<InvalidOperationException>(() => fixture.Synthesize(variant));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>443 with the certificate, 80 redirecting, the rules on 443, every public URL https://{domain}.</summary>
    private void AssertHttpsOnTheDomain(Variant variant, Template template)
    {
        template.ResourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 2);
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Props.Like(("Port", 443), ("Protocol", "HTTPS")));
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Props.Like(
            ("Port", 80),
            ("Protocol", "HTTP"),
            ("DefaultActions", new object[]
            {
                Props.Of(("Type", "redirect"), ("RedirectConfig", Props.Of(("Protocol", "HTTPS"), ("Port", "443"), ("StatusCode", "HTTP_301")))),
            })));

        var https = Assert.Single(template.FindResources("AWS::ElasticLoadBalancingV2::Listener", Props.Of(("Properties", Props.Like(("Port", 443))))).Keys);
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", Props.Like(("ListenerArn", Props.Ref(https))));

        var json = fixture.Synthesize(variant).Templates[AwsPublishFixture.StackName];
        var url = $"\"https://{Variant.ExampleDomain}\"";
        Assert.Equal(url, Templates.Environment(Templates.Container(json, "api"))["App__PublicUrl"]);
        Assert.Equal(url, Templates.Environment(Templates.Container(json, "web"))["API_URL"]);
        Assert.Equal(url, json["Outputs"]!["ApplicationUrl"]!["Value"]!.ToJsonString());
        // (The telemetry endpoint is the collector inside the task, on loopback.)
        Assert.DoesNotContain(Templates.Environment(Templates.Container(json, "web")).Where(e => !e.Key.StartsWith("OTEL_", StringComparison.Ordinal)).Select(e => e.Value),
            v => v.Contains("http://", StringComparison.Ordinal));
    }
}
