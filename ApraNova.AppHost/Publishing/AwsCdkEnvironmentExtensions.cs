using ApraNova.AppHost.Publishing;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

/// <summary>Adds the AWS (CDK) compute environment and per-service publish options.</summary>
public static class AwsCdkEnvironmentExtensions
{
    /// <summary>
    /// Adds an AWS compute environment: in publish mode every project and Next.js resource of the
    /// model becomes an ECS Fargate service, postgres/redis/file storage become RDS/ElastiCache/EFS,
    /// and <c>--operation publish</c> writes a CDK cloud assembly, image build contexts and a cost
    /// estimate; <c>--operation deploy</c> runs <c>cdk deploy</c> on it.
    /// </summary>
    public static IResourceBuilder<AwsCdkEnvironmentResource> AddAwsCdkEnvironment(
        this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var options = builder.Configuration.GetSection(AwsPublishOptions.ConfigurationSection).Get<AwsPublishOptions>()
            ?? new AwsPublishOptions();
        options.Validate();

        var environment = new AwsCdkEnvironmentResource(name, options, builder.AppHostDirectory);

        // In run mode the environment is not a resource of the dashboard: nothing runs in it.
        return builder.ExecutionContext.IsRunMode
            ? builder.CreateResourceBuilder(environment)
            : builder.AddResource(environment).ExcludeFromManifest();
    }

    /// <summary>Sets the Fargate task size, ALB routes and health check path of this resource's service.</summary>
    public static IResourceBuilder<T> PublishAsFargateService<T>(
        this IResourceBuilder<T> builder, Action<FargateServiceAnnotation> configure)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(configure);

        var annotation = builder.Resource.Annotations.OfType<FargateServiceAnnotation>().SingleOrDefault();
        if (annotation is null)
        {
            annotation = new FargateServiceAnnotation();
            builder.WithAnnotation(annotation);
        }

        configure(annotation);
        return builder;
    }
}
