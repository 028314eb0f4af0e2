using System.Text.Json.Nodes;

namespace ApraNova.Hosting.Aws.Cdk;

/// <summary>The cloud assembly folder and the templates of its stacks, by stack name.</summary>
public sealed record SynthesisResult(string CloudAssemblyDirectory, IReadOnlyDictionary<string, JsonObject> Templates)
{
    public IEnumerable<JsonObject> AllTemplates => Templates.Values;
}
