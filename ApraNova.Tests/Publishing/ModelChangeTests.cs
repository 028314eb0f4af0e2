using Amazon.CDK.Assertions;
using ApraNova.AppHost.Publishing;
using ApraNova.AppHost.Publishing.Cost;
using Aspire.Hosting;

namespace ApraNova.Tests.Publishing;

/// <summary>
/// The publisher is generic: a project resource added to the model becomes a service with its
/// own task, target group, route, alarms, ECR repository and cost, with no publisher change.
/// </summary>
[Collection(AwsPublishCollection.Name)]
public sealed class ModelChangeTests(ThirdServiceFixture fixture) : IClassFixture<ThirdServiceFixture>
{
    private readonly string _output = fixture.Output;
    private readonly AwsPublishResult _result = fixture.Result;

    [Fact]
    public void A_new_project_resource_becomes_a_new_fargate_service_behind_its_own_path()
    {
        var template = Template.FromString(_result.Synthesis.Templates["ApraNova"].ToJsonString());
        template.ResourceCountIs("AWS::ECS::Service", 3);
        template.ResourceCountIs("AWS::ECS::TaskDefinition", 3);
        template.HasResourceProperties("AWS::ECS::TaskDefinition", Props.Like(
            ("Cpu", "512"),
            ("Memory", "1024"),
            ("ContainerDefinitions", new object[] { Props.Like(("Name", "reports"), ("PortMappings", new object[] { Props.Like(("ContainerPort", 8080)) })) })));
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Props.Like(("HealthCheckPath", "/alive"), ("Port", 8080)));
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", Props.Like(
            ("Conditions", new object[] { Props.Of(("Field", "path-pattern"), ("PathPatternConfig", Props.Of(("Values", new object[] { "/reports/*" })))) })));
        template.ResourceCountIs("AWS::CloudWatch::Alarm", (3 * 3) + 2);

        Template.FromString(_result.Synthesis.Templates["ApraNova-Registry"].ToJsonString())
            .HasResourceProperties("AWS::ECR::Repository", Props.Like(("RepositoryName", "apranova/reports")));
        Assert.True(File.Exists(Path.Combine(_output, "images", "reports", "Dockerfile")));
    }

    [Fact]
    public void A_third_service_adds_its_compute_its_repository_and_its_logs_to_the_estimate()
    {
        var estimate = _result.Estimates[0];
        Assert.Equal([14.78m, 3.24m], estimate.Items.Single(i => i.Name == "ECS Fargate (reports)").Lines.Select(l => l.Amount));
        Assert.Equal(0.15m, estimate.Items.Single(i => i.Name == "ECR").Total);
        Assert.Equal(3.75m, estimate.Items.Single(i => i.Name == "CloudWatch Logs").Total);
        Assert.Equal(116.52m + 18.02m + 0.05m + 1.25m, estimate.Total);
        Assert.Equal(CostEstimator.Compute, estimate.Items.Single(i => i.Name == "ECS Fargate (reports)").Category);
    }
}

/// <summary>The contract model plus a "reports" project, published once.</summary>
public sealed class ThirdServiceFixture : IAsyncLifetime
{
    public string Output { get; } = Path.Combine(Path.GetTempPath(), $"apranova-aws-model-{Guid.NewGuid():N}");

    public AwsPublishResult Result { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Result = await ContractModel.PublishAsync(Output, builder =>
            builder.AddProject("reports", Path.Combine(ContractModel.RepositoryRoot, "ApraNova.Api", "ApraNova.Api.csproj"))
                .WithHttpHealthCheck("/alive"));

    public Task DisposeAsync()
    {
        Directory.Delete(Output, recursive: true);
        return Task.CompletedTask;
    }
}
