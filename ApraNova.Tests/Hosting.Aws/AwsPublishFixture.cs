using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using ApraNova.Hosting.Aws;
using ApraNova.Hosting.Aws.Cdk;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>
/// The AppHost's own model (Program.cs) in publish mode, built with Aspire's testing builder from
/// the arguments of <c>--operation publish</c> and published by the AppHost's own pipeline, once
/// for the whole collection (as aws/integrations-on-dotnet-aspire-for-aws's scenario tests do).
/// Other configurations (<see cref="Variant"/>) are synthesized
/// from the same deployment with their options bound from configuration, as the AppHost binds them.
/// </summary>
public sealed class AwsPublishFixture : IAsyncLifetime
{
    public const string StackName = "ApraNova";
    public const string RegistryStackName = "ApraNova-Registry";

    private readonly Dictionary<string, SynthesisResult> _variants = new(StringComparer.Ordinal);

    public string OutputDirectory { get; } = Path.Combine(Path.GetTempPath(), $"apranova-aws-{Guid.NewGuid():N}");

    public AwsPublishResult Result { get; private set; } = null!;

    /// <summary>The publish-mode model of the AppHost (what Program.cs declares).</summary>
    public DistributedApplicationModel Model { get; private set; } = null!;

    public Template Application { get; private set; } = null!;

    public Template Registry { get; private set; } = null!;

    public JsonObject ApplicationJson => Result.Synthesis.Templates[StackName];

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ApraNova_AppHost>(
            ["--operation", "publish", "--step", "publish", "--output-path", OutputDirectory],
            (options, _) => options.DisableDashboard = true,
            timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);

        Model = app.Services.GetRequiredService<DistributedApplicationModel>();
        Assert.True(app.Services.GetRequiredService<DistributedApplicationExecutionContext>().IsPublishMode);
        // The AppHost's own `builder.Build().Run()` runs the publish pipeline once the app is built.
        var environment = Model.Resources.OfType<AwsCdkEnvironmentResource>().Single();
        Result = await environment.Published.WaitAsync(timeout.Token);

        Application = Template.FromString(ApplicationJson.ToJsonString());
        Registry = Template.FromString(Result.Synthesis.Templates[RegistryStackName].ToJsonString());
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(OutputDirectory))
        {
            Directory.Delete(OutputDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The published deployment synthesized with another configuration (the <c>Aws</c> section
    /// as the AppHost would read it from <c>--Aws:Key value</c>); each variant once per collection.
    /// </summary>
    public SynthesisResult Synthesize(Variant variant)
    {
        if (variant.Settings.Count == 0)
        {
            return Result.Synthesis;
        }

        if (!_variants.TryGetValue(variant.Name, out var result))
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(variant.Settings.Select(s => new KeyValuePair<string, string?>($"{AwsPublishOptions.ConfigurationSection}:{s.Key}", s.Value)))
                .Build();
            var options = AwsPublishOptions.FromConfiguration(configuration);
            result = CdkSynthesizer.Synthesize(Result.Deployment, options, Result.ImageContexts, Path.Combine(OutputDirectory, "variants", variant.Name));
            _variants[variant.Name] = result;
        }

        return result;
    }

    public Template ApplicationOf(Variant variant) => Template.FromString(Synthesize(variant).Templates[StackName].ToJsonString());

    /// <summary>Resources of a type in the default application template, by logical id.</summary>
    public IEnumerable<(string Id, JsonObject Properties)> Resources(string type) => Templates.Resources(ApplicationJson, type);

    /// <summary>The container definition of a service, by container name.</summary>
    public JsonObject Container(string name) => Templates.Container(ApplicationJson, name);

    public JsonObject TaskDefinition(string containerName) => Templates.TaskDefinition(ApplicationJson, containerName);

    /// <summary>The one resource of a type whose logical id starts with the construct path's ids (e.g. "NetworkLoadBalancerSecurityGroup").</summary>
    public string LogicalId(string type, string prefix) => Templates.LogicalId(ApplicationJson, type, prefix);
}
