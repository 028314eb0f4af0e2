using Aspire.Hosting;

namespace ApraNova.Hosting.Aws;

/// <summary>Adds the AWS (CDK) compute environment and per-service publish options.</summary>
public static class AwsCdkEnvironmentExtensions
{
    /// <summary>
    /// Adds an AWS compute environment: in publish mode every project of the model, and every
    /// resource marked with <see cref="PublishAsFargateService{T}"/>, becomes an ECS Fargate service;
    /// PostgreSQL, Redis and mounted file stores become RDS, ElastiCache and EFS; and
    /// <c>--operation publish</c> writes a CDK cloud assembly, image build contexts and a cost
    /// estimate; <c>--operation deploy</c> runs <c>cdk deploy</c> on it. Options come from the
    /// configuration section <c>Aws</c> (<see cref="AwsPublishOptions"/>).
    /// </summary>
    public static IResourceBuilder<AwsCdkEnvironmentResource> AddAwsCdkEnvironment(
        this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var options = AwsPublishOptions.FromConfiguration(builder.Configuration);
        var environment = new AwsCdkEnvironmentResource(name, options);

        // In run mode the environment is not a resource of the dashboard: nothing runs in it.
        return builder.ExecutionContext.IsRunMode
            ? builder.CreateResourceBuilder(environment)
            : builder.AddResource(environment).ExcludeFromManifest();
    }

    /// <summary>
    /// Runs this resource as an ECS Fargate service: task size, ALB routes, readiness and liveness
    /// paths, mounted file stores. Projects are services without it (with defaults); other
    /// resources (a Node.js app) only with it.
    /// </summary>
    public static IResourceBuilder<T> PublishAsFargateService<T>(
        this IResourceBuilder<T> builder, Action<FargateServiceAnnotation> configure)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(builder);
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
