namespace ApraNova.Tests.Hosting.Aws;

/// <summary>The publish command end to end, then the AWS CDK CLI reading what it wrote.</summary>
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
        Assert.True(File.Exists(Path.Combine(publish.OutputDirectory, "images", "web", "Dockerfile")));
        Assert.Contains("**TOTAL: $144.55/month**", File.ReadAllText(Path.Combine(publish.OutputDirectory, "cost-estimate.md")), StringComparison.Ordinal);

        // Development-only settings stay at home: the api refuses the dev outbox in Production.
        Assert.DoesNotContain("Mail__DevOutbox", File.ReadAllText(Path.Combine(publish.OutputDirectory, "cdk.out", "ApraNova.template.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_options_fail_the_command_with_a_message_and_a_non_zero_exit_code()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var appHost = Path.Combine(Repository.Root, "ApraNova.AppHost", "bin", configuration, "net10.0", "ApraNova.AppHost.dll");
        var output = Path.Combine(Path.GetTempPath(), $"apranova-aws-invalid-{Guid.NewGuid():N}");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            ArgumentList = { appHost, "--operation", "publish", "--step", "publish", "--output-path", output, "--Aws:CertificateArn", Variant.ExampleCertificateArn },
            WorkingDirectory = Path.Combine(Repository.Root, "ApraNova.AppHost"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var (exitCode, text) = await ExternalProcess.RunAsync(start, TimeSpan.FromMinutes(2));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("Aws:CertificateArn needs Aws:DomainName", text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "cdk.out", "manifest.json")));
    }

    [Fact]
    public async Task Aws_cdk_cli_lists_the_stacks_of_the_produced_cloud_assembly()
    {
        var cdk = await CdkCli.LocateOrInstallAsync();
        var (exitCode, output) = await CdkCli.RunAsync(cdk, "ls", "--app", Path.Combine(publish.OutputDirectory, "cdk.out"));
        Assert.True(exitCode == 0, output);
        Assert.Equal(["ApraNova", "ApraNova-Registry"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("ApraNova", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }
}
