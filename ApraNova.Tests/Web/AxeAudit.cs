using System.Text.Json;
using Microsoft.Playwright;

namespace ApraNova.Tests.Web;

/// <summary>
/// axe-core (the web's npm devDependency, injected from node_modules) run on the page as it is
/// shown: any serious or critical violation fails the test with the rule, its help and the nodes.
/// </summary>
public static class AxeAudit
{
    private static readonly Lazy<string> Script = new(() =>
    {
        var path = Path.Combine(WebProject.Directory, "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(path))
            throw new InvalidOperationException($"axe-core is missing at {path}: run npm ci in ApraNova.Web.");
        return File.ReadAllText(path);
    });

    /// <summary>Pages audited in this run (for the report), by role.</summary>
    public static readonly List<string> Audited = [];

    public static async Task AssertNoSeriousViolationsAsync(IPage page, string role)
    {
        // Let the page settle (data loaded, no spinner) before judging it.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
            await page.AddScriptTagAsync(new() { Content = Script.Value });
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { resultTypes: ['violations'] });
              return r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary) }));
            }
            """);
        lock (Audited) Audited.Add($"{role} {new Uri(page.Url).AbsolutePath}");
        var violations = result.EnumerateArray().ToList();
        Assert.True(violations.Count == 0,
            $"axe found serious/critical violations on {page.Url} ({role}):\n" + string.Join("\n", violations.Select(v => v.ToString())));
    }
}
