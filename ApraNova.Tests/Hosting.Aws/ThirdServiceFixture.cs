using ApraNova.Hosting.Aws;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>The AppHost's model plus a "reports" project (the api's project again, as a stand-in), published once.</summary>
public sealed class ThirdServiceFixture : IAsyncLifetime
{
    public string Output { get; } = Path.Combine(Path.GetTempPath(), $"apranova-aws-model-{Guid.NewGuid():N}");

    public AwsPublishResult Result { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ApraNova_AppHost>(
            ["--operation", "publish", "--step", "publish", "--output-path", Output],
            (options, _) => options.DisableDashboard = true,
            timeout.Token);
        builder.AddProject("reports", Path.Combine(Repository.Root, "ApraNova.Api", "ApraNova.Api.csproj"))
            .PublishAsFargateService(service => service.ReadinessPath = "/alive");

        await using var app = await builder.BuildAsync(timeout.Token);
        // The AppHost's own `builder.Build().Run()` runs the publish pipeline once the app is built.
        var environment = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<AwsCdkEnvironmentResource>().Single();
        Result = await environment.Published.WaitAsync(timeout.Token);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Output, recursive: true);
        return Task.CompletedTask;
    }
}
