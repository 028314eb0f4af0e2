using ApraNova.AppHost.Publishing;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace ApraNova.Tests.Publishing;

/// <summary>
/// The publish-mode model of the contract between the AppHost and the publisher (common.md):
/// postgres/apranova-db, redis, files, the api project (port 8000, /health, files, JWT and Stripe
/// secrets, public URL) and the Next.js web (port 3000, API_URL). Built with the Aspire testing
/// builder in publish mode and published through the environment's own entry point, so the tests
/// exercise the full mapping of every contract variable whatever stage the AppHost is at.
/// </summary>
public static class ContractModel
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static async Task<AwsPublishResult> PublishAsync(
        string outputDirectory,
        Action<IDistributedApplicationBuilder>? extend = null,
        params string[] configuration)
    {
        using var app = Build(outputDirectory, extend, configuration);
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var executionContext = app.Services.GetRequiredService<DistributedApplicationExecutionContext>();
        var environment = model.Resources.OfType<AwsCdkEnvironmentResource>().Single();
        return await environment.PublishToAsync(model, executionContext, outputDirectory, CancellationToken.None);
    }

    private static DistributedApplication Build(string outputDirectory, Action<IDistributedApplicationBuilder>? extend, string[] configuration)
    {
        // A plain builder: the testing builder wants an AppHost assembly, and this model is the test's own.
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--operation", "publish", "--step", "publish", "--output-path", outputDirectory, .. configuration],
            DisableDashboard = true,
        });

        builder.AddAwsCdkEnvironment("aws");

        var database = builder.AddPostgres(ResourceNames.Postgres).WithImageTag("14")
            .AddDatabase(ResourceNames.Database, ResourceNames.DatabaseName);
        var redis = builder.AddRedis(ResourceNames.Redis).WithImageTag("7");
        var files = builder.AddResource(new FileStorageResource(ResourceNames.Files, Path.Combine(outputDirectory, "local-files")));

        var jwtKey = builder.AddParameter("jwt-signing-key", secret: true);
        var stripeSecretKey = builder.AddParameter("stripe-secret-key", secret: true);
        var stripeWebhookSecret = builder.AddParameter("stripe-webhook-secret", secret: true);
        var stripePublishableKey = builder.AddParameter("stripe-publishable-key", secret: true);

        var api = builder.AddProject(ResourceNames.Api, Path.Combine(RepositoryRoot, "ApraNova.Api", "ApraNova.Api.csproj"))
            .WithReference(database)
            .WithReference(redis)
            .WithEnvironment("Jwt__SigningKey", jwtKey)
            .WithEnvironment("Stripe__SecretKey", stripeSecretKey)
            .WithEnvironment("Stripe__WebhookSecret", stripeWebhookSecret)
            .WithEnvironment("Stripe__PublishableKey", stripePublishableKey)
            .WithAnnotation(new FileStorageReferenceAnnotation(files.Resource, "Files__RootPath"))
            .WithHttpHealthCheck("/health")
            .PublishAsFargateService(service =>
            {
                service.ContainerPort = ResourceNames.ApiPort;
                service.PathPatterns = ["/api/*", "/admin/*"];
            });

        var web = builder.AddResource(new NextJsAppResource(ResourceNames.Web, "npm", Path.Combine(RepositoryRoot, "ApraNova.Web")))
            .WithHttpEndpoint(port: ResourceNames.WebPort, env: "PORT")
            .WithEnvironment("API_URL", api.GetEndpoint("http"))
            .WithEnvironment("HOSTNAME", "localhost")
            .WithHttpHealthCheck("/");

        api.WithEnvironment("App__PublicUrl", web.GetEndpoint("http"));

        extend?.Invoke(builder);
        return builder.Build();
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ApraNova.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ApraNova.sln not found above the test output folder.");
    }
}
