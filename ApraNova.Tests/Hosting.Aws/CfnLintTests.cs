namespace ApraNova.Tests.Hosting.Aws;

/// <summary>
/// Issue 10's first proof: AWS's own linter finds nothing wrong in any template of any publish
/// configuration, except the rules of the one ignore file, each with its reason.
/// </summary>
[Collection(AwsPublishCollection.Name)]
public sealed class CfnLintTests(AwsPublishFixture fixture)
{
    [RequiresToolsTheory("cfn-lint")]
    [MemberData(nameof(Variant.Names), MemberType = typeof(Variant))]
    public async Task Every_template_passes_cfn_lint(string variant)
    {
        var findings = await CfnLint.RunAsync([fixture.Synthesize(Variant.Named(variant))], CfnLint.IgnoredRules.Keys);
        Assert.True(findings.Count == 0, $"cfn-lint on {variant}:\n{string.Join("\n", findings.Select(f => f.Text))}");
    }

    [RequiresToolsFact("cfn-lint")]
    public async Task Every_ignored_rule_has_a_reason_and_still_fires_somewhere()
    {
        Assert.All(CfnLint.IgnoredRules, r => Assert.True(r.Value.Length > 20, $"{r.Key} needs a reason in {CfnLint.IgnoreFile}"));

        var fired = (await CfnLint.RunAsync(Variant.All.Select(fixture.Synthesize), [])).Select(f => f.Rule).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(CfnLint.IgnoredRules.Keys.Except(fired));
    }
}
