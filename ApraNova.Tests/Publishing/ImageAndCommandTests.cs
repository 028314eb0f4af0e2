using System.Diagnostics;
using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using ApraNova.AppHost.Publishing.Deploy;

namespace ApraNova.Tests.Publishing;

[Collection(AwsPublishCollection.Name)]
public sealed class ImageTests(AwsPublishFixture fixture)
{
    [Theory]
    [InlineData("api", "USER $APP_UID", "ENTRYPOINT [\"dotnet\", \"ApraNova.Api.dll\"]")]
    [InlineData("web", "USER node", "CMD [\"node\", \"server.js\"]")]
    public void Each_service_gets_a_multi_stage_non_root_dockerfile(string service, string user, string start)
    {
        var dockerfile = File.ReadAllText(Path.Combine(fixture.OutputDirectory, "images", service, "Dockerfile"));
        Assert.True(dockerfile.Split('\n').Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)) >= 2, "multi-stage");
        Assert.Contains(user, dockerfile, StringComparison.Ordinal);
        Assert.Contains(start, dockerfile, StringComparison.Ordinal);
        Assert.Contains("curl", dockerfile, StringComparison.Ordinal);
        // USER comes after the last FROM: the final stage runs unprivileged.
        Assert.True(dockerfile.LastIndexOf(user, StringComparison.Ordinal) > dockerfile.LastIndexOf("FROM ", StringComparison.Ordinal));
    }

    [Fact]
    public void Web_image_runs_the_nextjs_standalone_output()
    {
        var dockerfile = File.ReadAllText(Path.Combine(fixture.OutputDirectory, "images", "web", "Dockerfile"));
        Assert.Contains("COPY --from=build --chown=node:node /app/.next/standalone ./", dockerfile, StringComparison.Ordinal);
        Assert.Contains("RUN npm ci", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Api_context_holds_the_project_its_references_and_the_central_build_files()
    {
        var context = Path.Combine(fixture.OutputDirectory, "images", "api");
        Assert.True(File.Exists(Path.Combine(context, "ApraNova.Api", "ApraNova.Api.csproj")));
        Assert.True(File.Exists(Path.Combine(context, "ApraNova.ServiceDefaults", "ApraNova.ServiceDefaults.csproj")));
        Assert.True(File.Exists(Path.Combine(context, "Directory.Packages.props")));
        Assert.False(Directory.Exists(Path.Combine(context, "ApraNova.AppHost")));
    }

    [Fact]
    public void Cloud_assembly_stages_both_contexts_as_image_assets_without_build_outputs_or_dependencies()
    {
        var assembly = fixture.Result.Synthesis.CloudAssemblyDirectory;
        var assets = JsonNode.Parse(File.ReadAllText(Path.Combine(assembly, "ApraNova.assets.json")))!["dockerImages"]!.AsObject();
        Assert.Equal(2, assets.Count);

        foreach (var (_, asset) in assets)
        {
            var directory = Path.Combine(assembly, (string)asset!["source"]!["directory"]!);
            Assert.True(File.Exists(Path.Combine(directory, "Dockerfile")));
            var staged = Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(directory, p).Split(Path.DirectorySeparatorChar))
                .ToList();
            Assert.DoesNotContain(staged, parts => parts.Any(p => p is "node_modules" or "bin" or "obj" or ".data" or ".next"));
            Assert.Equal("linux/amd64", (string?)asset["source"]!["platform"]);
        }

        // The task definitions run exactly those assets (the CDK bootstrap's asset repository).
        foreach (var hash in assets.Select(a => a.Key))
        {
            Assert.Contains(hash, fixture.ApplicationJson.ToJsonString(), StringComparison.Ordinal);
        }
    }
}

/// <summary>
/// The real command on the real AppHost: `dotnet ApraNova.AppHost.dll --operation publish --step
/// publish --output-path X`, then the AWS CDK CLI reading what it wrote.
/// </summary>
[Collection(AwsPublishCollection.Name)]
public sealed class AppHostPublishCommandTests(AppHostPublishFixture publish) : IClassFixture<AppHostPublishFixture>
{
    [Fact]
    public void Publish_writes_the_cloud_assembly_the_image_contexts_and_the_cost_estimate()
    {
        Assert.True(publish.ExitCode == 0, publish.Output);
        Assert.True(File.Exists(Path.Combine(publish.OutputDirectory, "cdk.out", "manifest.json")));
        Assert.True(File.Exists(Path.Combine(publish.OutputDirectory, "cdk.out", "ApraNova.template.json")));
        Assert.True(File.Exists(Path.Combine(publish.OutputDirectory, "cdk.out", "ApraNova-Registry.template.json")));
        Assert.True(File.Exists(Path.Combine(publish.OutputDirectory, "images", "api", "Dockerfile")));
        Assert.Contains("# Monthly cost estimate", File.ReadAllText(Path.Combine(publish.OutputDirectory, "cost-estimate.md")), StringComparison.Ordinal);

    }

    [Fact]
    public void The_apphosts_model_becomes_the_seeds_architecture_at_the_seeds_price()
    {
        var template = Template.FromString(File.ReadAllText(Path.Combine(publish.OutputDirectory, "cdk.out", "ApraNova.template.json")));
        template.ResourceCountIs("AWS::ECS::Service", 2);
        template.HasResourceProperties("AWS::ECS::TaskDefinition", Props.Like(("Cpu", "512"), ("Memory", "1024"),
            ("ContainerDefinitions", new object[] { Props.Like(("Name", "api"),
                ("MountPoints", new object[] { Props.Like(("ContainerPath", "/mnt/files")) }),
                ("Secrets", Match.ArrayWith([Props.Like(("Name", "ConnectionStrings__apranova-db")), Props.Like(("Name", "Jwt__SigningKey"))]))) })));
        template.HasResourceProperties("AWS::ECS::TaskDefinition", Props.Like(("Cpu", "256"), ("Memory", "512"),
            ("ContainerDefinitions", new object[] { Props.Like(("Name", "web"), ("PortMappings", new object[] { Props.Like(("ContainerPort", 3000)) })) })));
        template.ResourceCountIs("AWS::RDS::DBInstance", 1);
        template.ResourceCountIs("AWS::ElastiCache::ReplicationGroup", 1);
        template.ResourceCountIs("AWS::EFS::FileSystem", 1);

        // The AppHost generates the JWT signing key: Secrets Manager generates it too.
        template.HasResourceProperties("AWS::SecretsManager::Secret", Props.Like(
            ("Name", "ApraNova/jwt-signing-key"), ("GenerateSecretString", Match.AnyValue())));

        Assert.Contains("**TOTAL: $116.52/month**", File.ReadAllText(Path.Combine(publish.OutputDirectory, "cost-estimate.md")), StringComparison.Ordinal);

        // Development-only settings stay at home: the api refuses the dev outbox in Production.
        Assert.DoesNotContain("Mail__DevOutbox", File.ReadAllText(Path.Combine(publish.OutputDirectory, "cdk.out", "ApraNova.template.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Aws_cdk_cli_reads_the_produced_cloud_assembly()
    {
        var cdk = await CdkCli.LocateOrInstallAsync();
        var (exitCode, output) = await CdkCli.RunAsync(cdk, "ls", "--app", Path.Combine(publish.OutputDirectory, "cdk.out"));
        Assert.True(exitCode == 0, output);
        Assert.Equal(["ApraNova", "ApraNova-Registry"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("ApraNova", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }
}

public sealed class AppHostPublishFixture : IAsyncLifetime
{
    public string OutputDirectory { get; } = Path.Combine(Path.GetTempPath(), $"apranova-aws-cli-{Guid.NewGuid():N}");

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // The AppHost build next to this test build (same configuration).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var appHost = Path.Combine(ContractModel.RepositoryRoot, "ApraNova.AppHost", "bin", configuration, "net10.0", "ApraNova.AppHost.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { appHost, "--operation", "publish", "--step", "publish", "--output-path", OutputDirectory },
            WorkingDirectory = Path.Combine(ContractModel.RepositoryRoot, "ApraNova.AppHost"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        (ExitCode, Output) = await CdkCli.RunProcessAsync(start, TimeSpan.FromMinutes(5));
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(OutputDirectory))
        {
            Directory.Delete(OutputDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }
}

public sealed class DeployPrerequisiteTests
{
    [Fact]
    public void Without_the_cli_and_credentials_deploy_names_both()
    {
        var missing = CdkDeployer.MissingPrerequisites(new Dictionary<string, string> { ["HOME"] = "/nonexistent" }, _ => null, _ => false);
        Assert.Equal(2, missing.Count);
        Assert.Contains("AWS CDK CLI", missing[0], StringComparison.Ordinal);
        Assert.Contains("AWS credentials", missing[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWS_PROFILE")]
    [InlineData("AWS_WEB_IDENTITY_TOKEN_FILE")]
    public void Credentials_from_the_environment_count(string variable)
    {
        var environment = new Dictionary<string, string> { ["HOME"] = "/nonexistent", [variable] = "x" };
        Assert.Empty(CdkDeployer.MissingPrerequisites(environment, _ => "/usr/bin/cdk", _ => false));
    }

    [Fact]
    public void A_shared_credentials_file_counts()
    {
        var environment = new Dictionary<string, string> { ["HOME"] = "/home/ops" };
        Assert.Empty(CdkDeployer.MissingPrerequisites(environment, _ => "/usr/bin/cdk", path => path == "/home/ops/.aws/credentials"));
    }
}
