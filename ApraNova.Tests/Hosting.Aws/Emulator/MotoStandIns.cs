using System.Text.Json.Nodes;

namespace ApraNova.Tests.Hosting.Aws.Emulator;

/// <summary>
/// The one list of edits the deploy rehearsal makes to a synthesized template before moto
/// deploys it (<c>moto-stand-ins.json</c>): resource types moto's CloudFormation does not
/// implement become <c>AWS::SSM::Parameter</c> stand-ins, and references moto cannot resolve
/// become the values the list gives, each entry naming the moto gap it works around.
/// </summary>
internal sealed class MotoStandIns
{
    public const string StandInType = "AWS::SSM::Parameter";

    private readonly Dictionary<string, JsonObject> _byType;

    private MotoStandIns(Dictionary<string, JsonObject> byType) => _byType = byType;

    public static string ListFile { get; } = Path.Combine(Repository.Root, "ApraNova.Tests", "Hosting.Aws", "Emulator", "moto-stand-ins.json");

    public static MotoStandIns Load() => new(JsonNode.Parse(File.ReadAllText(ListFile))!["standIns"]!.AsArray()
        .Select(e => e!.AsObject())
        .ToDictionary(e => (string)e["type"]!, e => e, StringComparer.Ordinal));

    /// <summary>Every entry's type and the gap it names.</summary>
    public IEnumerable<(string Type, string Gap)> Entries => _byType.Select(e => (e.Key, (string)e.Value["gap"]!));

    /// <summary>A copy of the template with the list applied, and the logical ids of the resources it replaced.</summary>
    public (JsonObject Template, IReadOnlySet<string> Replaced) Apply(JsonObject template, string stackName, IReadOnlyDictionary<string, string>? emulatorValues = null)
    {
        var types = template["Resources"]!.AsObject().ToDictionary(r => r.Key, r => (string)r.Value!["Type"]!, StringComparer.Ordinal);
        var copy = template.DeepClone().AsObject();

        // Replace first, so that what the replaced resources referenced needs no stand-in value.
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        var resources = copy["Resources"]!.AsObject();
        foreach (var (id, type) in types)
        {
            if (!_byType.TryGetValue(type, out var entry) || !(bool)entry["replace"]!)
            {
                continue;
            }

            var original = resources[id]!.AsObject();
            var standIn = new JsonObject
            {
                ["Type"] = StandInType,
                ["Properties"] = new JsonObject
                {
                    ["Name"] = $"/moto-stand-in/{stackName}/{id}",
                    ["Type"] = "String",
                    ["Value"] = $"stand-in for {type}",
                },
            };
            if (original["DependsOn"] is { } dependsOn)
            {
                standIn["DependsOn"] = dependsOn.DeepClone();
            }

            resources[id] = standIn;
            replaced.Add(id);
        }

        var rewritten = Rewrite(copy, types)!.ToJsonString();
        foreach (var (name, value) in emulatorValues ?? new Dictionary<string, string>())
        {
            rewritten = rewritten.Replace($"{{{name}}}", value, StringComparison.Ordinal);
        }

        return (JsonNode.Parse(rewritten)!.AsObject(), replaced);
    }

    private JsonNode? Rewrite(JsonNode? node, IReadOnlyDictionary<string, string> types)
    {
        switch (node)
        {
            case JsonObject { Count: 1 } reference when reference["Ref"] is JsonValue refValue
                && types.TryGetValue((string)refValue!, out var refType)
                && _byType.TryGetValue(refType, out var refEntry)
                && refEntry["ref"] is { } refReplacement:
                return WithLogicalId(refReplacement, (string)refValue!);

            case JsonObject { Count: 1 } getAtt when getAtt["Fn::GetAtt"] is JsonArray { Count: 2 } target
                && types.TryGetValue((string)target[0]!, out var attType)
                && _byType.TryGetValue(attType, out var attEntry):
                var attribute = (string)target[1]!;
                var standInValue = attEntry["attributes"]?[attribute]
                    ?? throw new InvalidOperationException($"{ListFile} has no stand-in for attribute {attribute} of {attType}; add it with the gap it works around.");
                return WithLogicalId(standInValue, (string)target[0]!);

            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    result[key] = Rewrite(value, types);
                }

                return result;

            case JsonArray array:
                return new JsonArray([.. array.Select(item => Rewrite(item, types))]);

            default:
                return node?.DeepClone();
        }
    }

    private static JsonNode WithLogicalId(JsonNode template, string logicalId) =>
        JsonNode.Parse(template.ToJsonString().Replace("{LogicalId}", logicalId, StringComparison.Ordinal))!;
}
