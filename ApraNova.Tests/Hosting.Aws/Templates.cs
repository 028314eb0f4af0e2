using System.Text.Json.Nodes;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>Reading a synthesized CloudFormation template.</summary>
internal static class Templates
{
    public static IEnumerable<(string Id, JsonObject Properties)> Resources(JsonObject template, string type) =>
        template["Resources"]!.AsObject()
            .Where(r => (string?)r.Value!["Type"] == type)
            .Select(r => (r.Key, r.Value!["Properties"]?.AsObject() ?? []));

    public static JsonObject Container(JsonObject template, string name) =>
        Resources(template, "AWS::ECS::TaskDefinition")
            .Select(t => t.Properties["ContainerDefinitions"]![0]!.AsObject())
            .Single(c => (string?)c["Name"] == name);

    public static JsonObject TaskDefinition(JsonObject template, string containerName) =>
        Resources(template, "AWS::ECS::TaskDefinition")
            .Single(t => (string?)t.Properties["ContainerDefinitions"]![0]!["Name"] == containerName).Properties;

    public static string LogicalId(JsonObject template, string type, string prefix) =>
        Resources(template, type).Single(r => r.Id.StartsWith(prefix, StringComparison.Ordinal)).Id;

    /// <summary>Container environment: name → value as compact JSON (a literal is a JSON string, a token an object).</summary>
    public static Dictionary<string, string> Environment(JsonObject container) =>
        (container["Environment"]?.AsArray() ?? []).ToDictionary(e => (string)e!["Name"]!, e => e!["Value"]!.ToJsonString());

    /// <summary>Container secrets: name → ValueFrom as compact JSON.</summary>
    public static Dictionary<string, string> Secrets(JsonObject container) =>
        (container["Secrets"]?.AsArray() ?? []).ToDictionary(e => (string)e!["Name"]!, e => e!["ValueFrom"]!.ToJsonString());

    public static string Ref(string logicalId) => $$"""{"Ref":"{{logicalId}}"}""";
}
