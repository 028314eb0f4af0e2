using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using ApraNova.Hosting.Aws.Model;
using Constructs;

namespace ApraNova.Hosting.Aws.Cdk;

/// <summary>
/// The ECR repositories CI pushes images to (tags <c>latest</c> and the commit sha). A stack of
/// their own so a pipeline can create them before the first image exists and before the
/// application stack asks for it.
/// </summary>
public sealed class RegistryStack : Stack
{
    public IReadOnlyDictionary<string, Repository> Repositories { get; }

    public RegistryStack(Construct scope, string id, AwsDeployment deployment, IStackProps? props = null)
        : base(scope, id, props)
    {
        var repositories = new Dictionary<string, Repository>(StringComparer.Ordinal);
        foreach (var service in deployment.Services)
        {
            var repository = new Repository(this, $"{CdkNames.Pascal(service.Name)}Repository", new RepositoryProps
            {
                RepositoryName = $"{deployment.Name.ToLowerInvariant()}/{service.Name}",
                ImageScanOnPush = true,
                // Images are rebuilt from source at will; keep the newest ones only.
                LifecycleRules = [new LifecycleRule { MaxImageCount = 20, Description = "Keep the 20 newest images" }],
                RemovalPolicy = RemovalPolicy.RETAIN,
            });
            repositories[service.Name] = repository;

            _ = new CfnOutput(this, $"{CdkNames.Pascal(service.Name)}RepositoryUri", new CfnOutputProps
            {
                Value = repository.RepositoryUri,
                Description = $"ECR repository of the {service.Name} image",
            });
        }

        Repositories = repositories;
    }
}
