using System.Diagnostics;
using System.Text.Json.Nodes;
using ApraNova.Hosting.Aws.Cdk;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>AWS's CloudFormation linter (cfn-lint 1.x) on a cloud assembly's templates.</summary>
internal static class CfnLint
{
    public static string IgnoreFile { get; } = Path.Combine(Repository.Root, "ApraNova.Tests", "Hosting.Aws", "cfn-lint-ignored-rules.txt");

    /// <summary>The rules of the ignore file, with their reasons.</summary>
    public static IReadOnlyDictionary<string, string> IgnoredRules { get; } = File.ReadAllLines(IgnoreFile)
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => l.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries))
        .ToDictionary(p => p[0], p => p.Length > 1 ? p[1].Trim() : "", StringComparer.Ordinal);

    /// <summary>Every finding (errors, warnings) on the assembly's templates, as "RULE file:line: message".</summary>
    public static async Task<IReadOnlyList<(string Rule, string Text)>> RunAsync(IEnumerable<SynthesisResult> assemblies, IEnumerable<string> ignoredRules)
    {
        var start = new ProcessStartInfo(ExternalTool.Require("cfn-lint")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["--format", "json", "--regions", "us-east-1"])
        {
            start.ArgumentList.Add(argument);
        }

        var ignored = ignoredRules.ToList();
        if (ignored.Count > 0)
        {
            start.ArgumentList.Add("--ignore-checks");
            foreach (var rule in ignored)
            {
                start.ArgumentList.Add(rule);
            }
        }

        start.ArgumentList.Add("--");
        foreach (var template in assemblies.SelectMany(a => Directory.EnumerateFiles(a.CloudAssemblyDirectory, "*.template.json").Order(StringComparer.Ordinal)))
        {
            start.ArgumentList.Add(template);
        }

        var (exitCode, output) = await ExternalProcess.RunAsync(start, TimeSpan.FromMinutes(3));
        var json = output[output.IndexOf('[', StringComparison.Ordinal)..];
        var findings = JsonNode.Parse(json)!.AsArray()
            .Select(m => (
                Rule: (string)m!["Rule"]!["Id"]!,
                Text: $"{(string)m["Rule"]!["Id"]!} {(string?)m["Filename"]}:{m["Location"]?["Start"]?["LineNumber"]}: {(string?)m["Message"]}"))
            .ToList();
        Assert.True(findings.Count > 0 || exitCode == 0, $"cfn-lint failed without findings (exit {exitCode}): {output}");
        return findings;
    }
}
