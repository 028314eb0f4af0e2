using Amazon.CDK.Assertions;
using ApraNova.Hosting.Aws.Cost;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>
/// The publisher is generic: a project added to the AppHost's model becomes a service with its
/// own task, target group, route, alarms, ECR repository and cost, with no publisher change.
/// </summary>
[Collection(AwsPublishCollection.Name)]
public sealed class ModelChangeTests(ThirdServiceFixture fixture) : IClassFixture<ThirdServiceFixture>
{
    [Fact]
    public void A_new_project_becomes_a_new_fargate_service_behind_its_own_path()
    {
        var template = Template.FromString(fixture.Result.Synthesis.Templates[AwsPublishFixture.StackName].ToJsonString());
        template.ResourceCountIs("AWS::ECS::Service", 3);
        template.ResourceCountIs("AWS::ECS::TaskDefinition", 3);
        template.HasResourceProperties("AWS::ECS::TaskDefinition", Props.Like(
            ("Cpu", "512"),
            ("Memory", "1024"),
            // (ArrayWith: the telemetry collector runs beside it in the same task.)
            ("ContainerDefinitions", Match.ArrayWith([Props.Like(("Name", "reports"), ("PortMappings", new object[] { Props.Like(("ContainerPort", 8080)) }))]))));
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Props.Like(("HealthCheckPath", "/alive"), ("Port", 8080)));
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", Props.Like(
            ("Conditions", new object[] { Props.Of(("Field", "path-pattern"), ("PathPatternConfig", Props.Of(("Values", new object[] { "/reports/*" })))) })));
        template.ResourceCountIs("AWS::CloudWatch::Alarm", (4 * 3) + 1 + 3);

        Template.FromString(fixture.Result.Synthesis.Templates[AwsPublishFixture.RegistryStackName].ToJsonString())
            .HasResourceProperties("AWS::ECR::Repository", Props.Like(("RepositoryName", "apranova/reports")));
        Assert.True(File.Exists(Path.Combine(fixture.Output, "images", "reports", "Dockerfile")));
    }

    [Fact]
    public void A_third_service_adds_its_compute_repository_logs_and_alarms_to_the_estimate()
    {
        var estimate = fixture.Result.Estimates[0];
        Assert.Equal([14.78m, 3.24m], estimate.Items.Single(i => i.Name == "ECS Fargate (reports)").Lines.Select(l => l.Amount));
        Assert.Equal(CostCategory.Compute, estimate.Items.Single(i => i.Name == "ECS Fargate (reports)").Category);
        Assert.Equal(0.15m, estimate.Items.Single(i => i.Name == "ECR").Total);
        Assert.Equal(3.75m, estimate.Items.Single(i => i.Name == "CloudWatch Logs").Total);
        // 4 more alarms and 2 policies of 2 alarms each: 8 × $0.10.
        Assert.Equal(2.80m, estimate.Items.Single(i => i.Name == "CloudWatch alarms").Total);
    }
}
