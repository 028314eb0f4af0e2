using System.Text.Json.Nodes;
using Amazon.CDK;
using ApraNova.Hosting.Aws.Model;

namespace ApraNova.Hosting.Aws.Cdk;

/// <summary>
/// Builds the CDK app (registry stack + application stack) and synthesizes it in-process. jsii
/// runs the CDK's JavaScript on the machine's Node.js; no CDK CLI, Docker or AWS credentials.
/// </summary>
public static class CdkSynthesizer
{
    public static SynthesisResult Synthesize(
        AwsDeployment deployment,
        AwsPublishOptions options,
        IReadOnlyDictionary<string, string> imageContexts,
        string cloudAssemblyDirectory)
    {
        if (Directory.Exists(cloudAssemblyDirectory))
        {
            // A stale asset or template from an earlier model must not be deployed.
            Directory.Delete(cloudAssemblyDirectory, recursive: true);
        }

        var app = new App(new AppProps
        {
            Outdir = cloudAssemblyDirectory,
            AnalyticsReporting = false,
        });

        var registry = new RegistryStack(app, $"{options.StackName}-Registry", deployment, new StackProps
        {
            Description = $"{deployment.Name}: ECR repositories of the service images",
        });

        var application = new ApplicationStack(app, options.StackName, deployment, options, imageContexts, registry.Repositories, new StackProps
        {
            Description = $"{deployment.Name}: VPC, ALB, ECS Fargate services, RDS PostgreSQL, ElastiCache Redis, EFS, alarms (docs/architecture.md)",
        });
        application.AddDependency(registry, "The services run images from the registry's repositories");

        var assembly = app.Synth();
        var templates = assembly.Stacks.ToDictionary(
            s => s.StackName,
            s => JsonNode.Parse(File.ReadAllText(Path.Combine(assembly.Directory, s.TemplateFile)))!.AsObject(),
            StringComparer.Ordinal);

        return new SynthesisResult(assembly.Directory, templates);
    }
}
