using System.Text.Json.Nodes;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>docs/architecture.md §3: the images (multi-stage, non-root, supported runtimes).</summary>
[Collection(AwsPublishCollection.Name)]
public sealed class ImageTests(AwsPublishFixture fixture)
{
    [Theory]
    [InlineData("api", "USER $APP_UID", "ENTRYPOINT [\"dotnet\", \"ApraNova.Api.dll\"]")]
    [InlineData("web", "USER node", "CMD [\"node\", \"server.js\"]")]
    public void Each_service_gets_a_multi_stage_non_root_dockerfile_with_curl_for_its_health_check(string service, string user, string start)
    {
        var dockerfile = Dockerfile(service);
        Assert.True(dockerfile.Split('\n').Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)) >= 2, "multi-stage");
        Assert.Contains(user, dockerfile, StringComparison.Ordinal);
        Assert.Contains(start, dockerfile, StringComparison.Ordinal);
        Assert.Contains("curl", dockerfile, StringComparison.Ordinal);
        // USER comes after the last FROM: the final stage runs unprivileged.
        Assert.True(dockerfile.LastIndexOf(user, StringComparison.Ordinal) > dockerfile.LastIndexOf("FROM ", StringComparison.Ordinal));
    }

    [Fact]
    public void Web_image_runs_the_nextjs_standalone_output_on_node_22_lts()
    {
        var dockerfile = Dockerfile("web");
        Assert.Contains("COPY --from=build --chown=node:node /app/.next/standalone ./", dockerfile, StringComparison.Ordinal);
        Assert.Contains("RUN npm ci", dockerfile, StringComparison.Ordinal);
        var bases = dockerfile.Split('\n').Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.All(bases, b => Assert.StartsWith("FROM node:22-", b, StringComparison.Ordinal));
    }

    [Fact]
    public void Api_image_is_built_and_run_on_dotnet_10()
    {
        var dockerfile = Dockerfile("api");
        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", dockerfile, StringComparison.Ordinal);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Api_context_holds_the_project_its_references_and_the_central_build_files()
    {
        var context = Path.Combine(fixture.OutputDirectory, "images", "api");
        Assert.True(File.Exists(Path.Combine(context, "ApraNova.Api", "ApraNova.Api.csproj")));
        Assert.True(File.Exists(Path.Combine(context, "ApraNova.ServiceDefaults", "ApraNova.ServiceDefaults.csproj")));
        Assert.True(File.Exists(Path.Combine(context, "Directory.Packages.props")));
        Assert.False(Directory.Exists(Path.Combine(context, "ApraNova.AppHost")));
        Assert.False(Directory.Exists(Path.Combine(context, "ApraNova.Hosting.Aws")));
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

    private string Dockerfile(string service) => File.ReadAllText(Path.Combine(fixture.OutputDirectory, "images", service, "Dockerfile"));
}
