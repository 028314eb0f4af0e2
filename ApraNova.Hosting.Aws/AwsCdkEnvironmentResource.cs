// The pipeline API is marked experimental in Aspire 13; it is the supported way to add publish steps.
#pragma warning disable ASPIREPIPELINES001, ASPIREPIPELINES004, ASPIRECOMPUTE002

using System.Diagnostics;
using ApraNova.Hosting.Aws.Cdk;
using ApraNova.Hosting.Aws.Containers;
using ApraNova.Hosting.Aws.Cost;
using ApraNova.Hosting.Aws.Deploy;
using ApraNova.Hosting.Aws.Model;
using Aspire.Hosting;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApraNova.Hosting.Aws;

/// <summary>
/// An AWS compute environment on Aspire's pipeline. <c>--operation publish</c> runs
/// <c>publish-{name}</c>: model → <see cref="AwsDeployment"/> → image build contexts, a CDK cloud
/// assembly and a cost estimate in the output folder. <c>--operation deploy</c> also runs
/// <c>deploy-{name}</c>: <c>cdk deploy</c> of that assembly.
/// </summary>
public sealed class AwsCdkEnvironmentResource : Resource, IComputeEnvironmentResource
{
    public const string CloudAssemblyFolder = "cdk.out";
    public const string ImagesFolder = "images";
    public const string CostEstimateFile = "cost-estimate.md";

    public AwsCdkEnvironmentResource(string name, AwsPublishOptions options) : base(name)
    {
        Options = options;

        Annotations.Add(new PipelineStepAnnotation(_ =>
        {
            var publish = new PipelineStep
            {
                Name = PublishStepName,
                Description = $"Synthesizes the AWS CDK cloud assembly, image build contexts and cost estimate of {Name}.",
                Action = context => FailProcessOnError(PublishAsync, context),
            };
            publish.RequiredBy(WellKnownPipelineSteps.Publish);

            var deploy = new PipelineStep
            {
                Name = DeployStepName,
                Description = $"Deploys the cloud assembly of {Name} with the AWS CDK CLI.",
                Action = context => FailProcessOnError(DeployAsync, context),
            };
            deploy.DependsOn(publish);
            deploy.RequiredBy(WellKnownPipelineSteps.Deploy);

            return [publish, deploy];
        }));
    }

    private readonly TaskCompletionSource<AwsPublishResult> _published = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AwsPublishOptions Options { get; }

    /// <summary>
    /// Completes when this environment's publish step has run in this process (with its result, or
    /// its failure): a caller that builds the AppHost in publish mode (a test, a tool) awaits the
    /// real pipeline's outcome instead of publishing a second time beside it.
    /// </summary>
    public Task<AwsPublishResult> Published => _published.Task;

    public string PublishStepName => $"publish-{Name}";

    public string DeployStepName => $"deploy-{Name}";

    /// <summary>
    /// Services reach each other through the public load balancer (the web calls the api through
    /// it, as the architecture draws), so any endpoint's host is the public origin, known only once
    /// CloudFormation runs.
    /// </summary>
    public ReferenceExpression GetHostAddressExpression(EndpointReference endpointReference) =>
        ReferenceExpression.Create($"{Name}-public-origin");

    /// <summary>Everything publish writes, in one call: tests and the pipeline step both use it.</summary>
    public async Task<AwsPublishResult> PublishToAsync(
        DistributedApplicationModel model,
        DistributedApplicationExecutionContext executionContext,
        string outputDirectory,
        CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var deployment = await new AwsDeploymentMapper(this, executionContext).MapAsync(model, cancellationToken);

        Directory.CreateDirectory(outputDirectory);
        var contexts = ContainerImageWriter.Write(deployment, Path.Combine(outputDirectory, ImagesFolder));
        var synthesis = CdkSynthesizer.Synthesize(deployment, Options, contexts, Path.Combine(outputDirectory, CloudAssemblyFolder));

        var estimates = EstimateConfigurations(deployment, synthesis, contexts);
        var costFile = Path.Combine(outputDirectory, CostEstimateFile);
        await File.WriteAllTextAsync(costFile, CostReport.ToMarkdown(estimates[0], estimates, PriceTable.Current), cancellationToken);

        return new AwsPublishResult(deployment, synthesis, estimates, contexts, costFile, stopwatch.Elapsed);
    }

    /// <summary>
    /// The configured stack plus the architecture's optimizations, each synthesized as the stack it
    /// would be (into a scratch folder) and priced from its own templates.
    /// </summary>
    private List<CostEstimate> EstimateConfigurations(AwsDeployment deployment, SynthesisResult synthesis, IReadOnlyDictionary<string, string> contexts)
    {
        var estimates = new List<CostEstimate>
        {
            CostEstimator.Estimate(Describe(Options), InfrastructureInventory.FromTemplates(synthesis.AllTemplates), PriceTable.Current, Options.Usage),
        };

        var variants = new List<(string Name, AwsPublishOptions Options)>();
        if (Options.NatGateways > 0)
        {
            variants.Add(("Remove NAT Gateway", Options with { NatGateways = 0 }));
        }

        if (!Options.FargateSpot)
        {
            variants.Add(("Use Fargate Spot", Options with { FargateSpot = true }));
        }

        variants.Add(("Reduce logging", Options with { Usage = UsageAssumptions.ReducedLogging }));
        variants.Add(("All three optimizations", Options with { NatGateways = 0, FargateSpot = true, Usage = UsageAssumptions.ReducedLogging }));

        var scratch = Path.Combine(Path.GetTempPath(), $"apranova-cost-{Guid.NewGuid():N}");
        try
        {
            foreach (var (name, options) in variants)
            {
                // Variants use ECR images so synthesis does not stage the build contexts again.
                var templates = options.NatGateways == Options.NatGateways && options.FargateSpot == Options.FargateSpot
                    ? synthesis.AllTemplates
                    : CdkSynthesizer.Synthesize(deployment, options with { ImageTag = "cost-estimate" }, contexts, Path.Combine(scratch, name.Replace(' ', '-'))).AllTemplates;
                estimates.Add(CostEstimator.Estimate(name, InfrastructureInventory.FromTemplates(templates), PriceTable.Current, options.Usage));
            }
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }

        return estimates;
    }

    /// <summary>
    /// A failed step stops the AppHost gracefully, and a graceful stop exits 0: scripts and CI
    /// running `--operation publish` would take a failed synthesis or deploy for a success.
    /// </summary>
    private static async Task FailProcessOnError(Func<PipelineStepContext, Task> step, PipelineStepContext context)
    {
        try
        {
            await step(context);
        }
        catch
        {
            System.Environment.ExitCode = 1;
            throw;
        }
    }

    private static string Describe(AwsPublishOptions options) =>
        $"{options.NatGateways} NAT gateway(s), {(options.FargateSpot ? "Fargate Spot" : "Fargate on-demand")}, " +
        $"RDS {(options.MultiAz ? "Multi-AZ" : "single-AZ")}" +
        (options.CloudTrail ? ", CloudTrail" : "") + (options.AwsConfig ? ", AWS Config" : "");

    private async Task PublishAsync(PipelineStepContext context)
    {
        var outputDirectory = context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory();
        AwsPublishResult result;
        try
        {
            result = await PublishToAsync(context.Model, context.ExecutionContext, outputDirectory, context.CancellationToken);
        }
        catch (Exception exception)
        {
            _published.TrySetException(exception);
            throw;
        }

        _published.TrySetResult(result);

        context.Logger.LogInformation(
            "AWS: {Services} services ({Names}); cloud assembly {Assembly}; estimate {Total}/month in {CostFile}; {Seconds:0.0} s",
            result.Deployment.Services.Count,
            string.Join(", ", result.Deployment.Services.Select(s => s.Name)),
            result.Synthesis.CloudAssemblyDirectory,
            CostReport.Money(result.Estimates[0].Total),
            result.CostEstimatePath,
            result.Elapsed.TotalSeconds);

        foreach (var parameter in result.Deployment.Parameters.Where(p => p.Secret && !p.Generated))
        {
            context.Logger.LogWarning(
                "Secret '{Parameter}' is created with a placeholder in Secrets Manager as {Stack}/{Parameter}; set it with `aws secretsmanager put-secret-value` after the first deploy.",
                parameter.Name, Options.StackName, parameter.Name);
        }
    }

    private Task DeployAsync(PipelineStepContext context)
    {
        var outputDirectory = context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory();
        return CdkDeployer.DeployAsync(Path.Combine(outputDirectory, CloudAssemblyFolder), context.Logger, context.CancellationToken);
    }
}
