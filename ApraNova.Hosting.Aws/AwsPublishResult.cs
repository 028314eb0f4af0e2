using ApraNova.Hosting.Aws.Cdk;
using ApraNova.Hosting.Aws.Cost;
using ApraNova.Hosting.Aws.Model;

namespace ApraNova.Hosting.Aws;

/// <summary>Everything one publish produced: the deployment read from the model, the cloud assembly, the estimates.</summary>
/// <param name="Estimates">The configured stack first, then the architecture's optimizations.</param>
/// <param name="ImageContexts">Service name → Docker build context folder.</param>
public sealed record AwsPublishResult(
    AwsDeployment Deployment,
    SynthesisResult Synthesis,
    IReadOnlyList<CostEstimate> Estimates,
    IReadOnlyDictionary<string, string> ImageContexts,
    string CostEstimatePath,
    TimeSpan Elapsed);
