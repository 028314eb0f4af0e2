using System.Text.Json.Nodes;

namespace ApraNova.Tests.Hostile;

/// <summary>The api's OpenAPI document (<c>/openapi/v1.json</c>): its operations and its schemas, <c>$ref</c>s resolved.</summary>
public sealed class OpenApiDocument(JsonNode root)
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    public IReadOnlyList<OpenApiOperation> Operations { get; } = ReadOperations(root);

    /// <summary>Every path with the methods the document declares for it.</summary>
    public IReadOnlyDictionary<string, string[]> PathMethods { get; } =
        root["paths"]!.AsObject().ToDictionary(path => path.Key, path => path.Value!.AsObject().Select(m => m.Key.ToUpperInvariant()).ToArray());

    /// <summary>The schema itself when <paramref name="schema"/> is a <c>$ref</c>; otherwise it as it is.</summary>
    public JsonNode? Resolve(JsonNode? schema)
    {
        for (var depth = 0; depth < 16 && schema?["$ref"]?.GetValue<string>() is { } reference; depth++)
            schema = root["components"]!["schemas"]![reference["#/components/schemas/".Length..]];
        return schema;
    }

    private static List<OpenApiOperation> ReadOperations(JsonNode root)
    {
        var operations = new List<OpenApiOperation>();
        foreach (var (path, item) in root["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (!Methods.Contains(method))
                    continue;
                var parameters = (operation!["parameters"]?.AsArray() ?? [])
                    .Select(p => new OpenApiParameter(p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(),
                        p["required"]?.GetValue<bool>() ?? false, p["schema"]))
                    .ToList();
                var content = operation["requestBody"]?["content"]?.AsObject();
                var body = content?.FirstOrDefault();
                operations.Add(new OpenApiOperation(method.ToUpperInvariant(), path, operation["operationId"]?.GetValue<string>() ?? $"{method} {path}",
                    parameters, body?.Key, body?.Value?["schema"]));
            }
        }
        return operations;
    }
}
