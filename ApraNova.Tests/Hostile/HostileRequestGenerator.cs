using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApraNova.Api.Features.Users;
using ApraNova.Tests.Api;

namespace ApraNova.Tests.Hostile;

/// <summary>
/// Builds requests for an operation of the OpenAPI document: a nominal one (values of the right
/// shape, from the schema) and hostile variants of it (ids of others, unknown and malformed ids,
/// malformed JSON, wrong types, nulls, huge and deeply nested bodies, U+0000, lone surrogates,
/// right-to-left overrides, overlong text, overflowing numbers, wrong content types, header
/// injection). Everything comes from one <see cref="Random"/>, so a seed replays a run exactly.
/// </summary>
public sealed class HostileRequestGenerator(OpenApiDocument document, Random random)
{
    public const string Nominal = "nominal";

    private static readonly string[] MalformedIds =
        ["not-a-guid", "1", "-1", "0", "%00", "..%2F..%2Fetc%2Fpasswd", "%E2%80%AE", new string('9', 300), "99999999999999999999",
         "00000000-0000-0000-0000-00000000000G", "%7B%7D", "null", "%ED%A0%80", "a%0D%0AX-Injected:%201"];

    private static readonly string[] HostileTexts =
    [
        "nul\u0000inside",
        "\u202Egnp.exe",                         // right-to-left override
        "\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627", // RTL scripts
        "<script>alert(1)</script>",
        "'; DROP TABLE users; --",
        "line\r\nX-Injected: 1",
        "%00%0D%0A",
        "\uFEFF\u200B\u2028\u2029",
        new string('x', 20_000),
        "😀" + new string('é', 300),
    ];

    public IReadOnlyList<string> BodyMutations { get; } =
    [
        "malformed-json", "wrong-types", "nulls", "missing-required", "extra-properties", "huge-body", "deep-nesting",
        "nul-in-strings", "lone-surrogates", "rtl-and-control-text", "overlong-strings", "overflowing-numbers",
        "empty-body", "wrong-content-type", "array-root", "duplicate-keys",
    ];

    public IReadOnlyList<string> MultipartMutations { get; } =
        ["filename-crlf", "filename-nul", "filename-rtl", "filename-overlong", "disallowed-type", "empty-file", "no-boundary", "json-instead", "two-files"];

    /// <summary>The nominal request and <paramref name="hostileCount"/> hostile variants, chosen by the seed.</summary>
    public List<HostileRequest> For(OpenApiOperation operation, IReadOnlyList<string> ids, IReadOnlyList<string> codes, int hostileCount)
    {
        var requests = new List<HostileRequest> { Build(operation, ids, codes, Nominal) };
        var applicable = Applicable(operation);
        foreach (var mutation in applicable.OrderBy(_ => random.Next()).Take(hostileCount))
            requests.Add(Build(operation, ids, codes, mutation));
        return requests;
    }

    /// <summary>Every mutation that means something for this operation.</summary>
    public List<string> Applicable(OpenApiOperation operation)
    {
        var mutations = new List<string> { "header-injection" };
        if (operation.PathParameters.Any())
            mutations.AddRange(["unknown-ids", "malformed-ids", "hostile-path-text"]);
        if (operation.QueryParameters.Any())
            mutations.AddRange(["query-wrong-types", "query-overflow", "query-hostile-text"]);
        if (operation.HasJsonBody)
            mutations.AddRange(BodyMutations);
        else if (operation.HasMultipartBody)
            mutations.AddRange(MultipartMutations);
        else if (operation.Method is "POST" or "PUT")
            mutations.AddRange(["unexpected-body", "huge-body"]);
        return mutations;
    }

    public HostileRequest Build(OpenApiOperation operation, IReadOnlyList<string> ids, IReadOnlyList<string> codes, string mutation)
    {
        var path = operation.PathTemplate;
        foreach (var parameter in operation.PathParameters)
        {
            var value = mutation switch
            {
                "unknown-ids" when IsUuid(parameter) => Guid.NewGuid().ToString(),
                "malformed-ids" => Pick(MalformedIds),
                "hostile-path-text" => Uri.EscapeDataString(Pick(HostileTexts.Where(t => t.Length < 2_000 && !t.Contains('\0')).ToArray())),
                _ when IsUuid(parameter) => Pick(ids),
                _ when parameter.Name.Contains("code", StringComparison.OrdinalIgnoreCase) => Pick(codes),
                _ => "cs_test_" + random.Next(1_000_000),
            };
            path = path.Replace("{" + parameter.Name + "}", value, StringComparison.Ordinal);
        }

        var query = new List<string>();
        foreach (var parameter in operation.QueryParameters)
        {
            if (mutation == Nominal && random.Next(2) == 0)
                continue;
            var value = mutation switch
            {
                "query-wrong-types" => Pick(["abc", "1.5", "true", "[]", "{}", "", "1e3", "0x10", "yesterday"]),
                "query-overflow" => Pick(["2147483648", "-2147483649", "99999999999999999999", "9223372036854775808", "-1", "0", "2147483647"]),
                "query-hostile-text" => Uri.EscapeDataString(Pick(HostileTexts.Where(t => t.Length < 6_000).ToArray()))
                    .Replace("%00", Pick(["%00", "%ED%A0%80"]), StringComparison.Ordinal),
                _ => Uri.EscapeDataString(NominalScalar(parameter.Name, document.Resolve(parameter.Schema), ids, codes)),
            };
            query.Add($"{Uri.EscapeDataString(parameter.Name)}={value}");
        }
        var pathAndQuery = query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";

        var headers = new List<KeyValuePair<string, string>>();
        if (operation.PathTemplate.StartsWith("/api/auth/", StringComparison.Ordinal))
            headers.Add(new("Cookie", $"apranova_refresh={Pick(["forged", Convert.ToBase64String(Guid.NewGuid().ToByteArray()), new string('A', 4_000), "%00"])}; apranova_device=forged"));
        if (mutation == "header-injection")
        {
            headers.Add(new("X-Forwarded-Proto", Pick(["javascript", "https, http", "ftp"])));
            headers.Add(new("X-Forwarded-Host", "evil.example"));
            headers.Add(new("X-Original-URL", "/api/admin/users"));
            headers.Add(new("X-HTTP-Method-Override", "DELETE"));
            headers.Add(new("Accept", "application/xml, text/html;q=0.9"));
            headers.Add(new("Accept-Language", new string('a', 2_000)));
            headers.Add(new("Referer", "https://evil.example/?%0d%0aSet-Cookie:evil=1"));
        }

        if (operation.HasMultipartBody)
            return Multipart(operation, mutation, pathAndQuery, headers);
        if (!operation.HasJsonBody)
        {
            return mutation switch
            {
                "unexpected-body" => new(operation, mutation, operation.Method, pathAndQuery, Encoding.UTF8.GetBytes("""{"role":"superadmin","id":"x"}"""), "application/json", headers),
                "huge-body" => new(operation, mutation, operation.Method, pathAndQuery, Encoding.UTF8.GetBytes(new string('[', 1) + new string('1', 2 * 1024 * 1024) + "]"), "application/json", headers),
                _ => new(operation, mutation, operation.Method, pathAndQuery, null, null, headers),
            };
        }

        var schema = document.Resolve(operation.BodySchema);
        var nominal = NominalValue("body", schema, ids, codes, depth: 0) ?? new JsonObject();
        var (body, contentType) = mutation switch
        {
            "malformed-json" => (Pick(["{", "{\"a\":", "[1,2", "{\"email\": \"x\" \"password\": 1}", "nul", "\"unterminated", "{'single': 'quotes'}", "{\"a\":1}}"]), "application/json"),
            "wrong-types" => (Mutate(nominal, WrongType).ToJsonString(), "application/json"),
            "nulls" => (Mutate(nominal, _ => null).ToJsonString(), "application/json"),
            "missing-required" => (new JsonObject().ToJsonString(), "application/json"),
            "extra-properties" => (WithExtras(nominal).ToJsonString(), "application/json"),
            "huge-body" => ($"{{\"padding\":\"{new string('x', 2 * 1024 * 1024)}\"}}", "application/json"),
            "deep-nesting" => (new string('[', 10_000) + new string(']', 10_000), "application/json"),
            "nul-in-strings" => (MutateStrings(nominal, text => text + "\u0000"), "application/json"),
            "lone-surrogates" => (MutateStrings(nominal, text => text + "\uD800").Replace("\uD800", "\\ud800", StringComparison.Ordinal), "application/json"),
            "rtl-and-control-text" => (MutateStrings(nominal, text => "\u202E" + text + "\u0007\u001B[31m\u2028"), "application/json"),
            "overlong-strings" => (MutateStrings(nominal, _ => new string('y', 100_000)), "application/json"),
            "overflowing-numbers" => (OverflowNumbers(nominal), "application/json"),
            "empty-body" => ("", "application/json"),
            "wrong-content-type" => (nominal.ToJsonString(), Pick(["text/plain", "application/x-www-form-urlencoded", "application/xml", "application/json; charset=utf-16", "multipart/form-data; boundary=x"])),
            "array-root" => (new JsonArray(nominal.DeepClone()).ToJsonString(), "application/json"),
            "duplicate-keys" => (DuplicateKeys(nominal), "application/json"),
            _ => (nominal.ToJsonString(), "application/json"),
        };
        return new(operation, mutation, operation.Method, pathAndQuery, Encoding.UTF8.GetBytes(body), contentType, headers);
    }

    private HostileRequest Multipart(OpenApiOperation operation, string mutation, string pathAndQuery, List<KeyValuePair<string, string>> headers)
    {
        var boundary = "hostile" + random.Next(1_000_000);
        string Part(string fileName, string type, string content, string field = "file") =>
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{fileName}\"\r\nContent-Type: {type}\r\n\r\n{content}\r\n";
        var pdf = Encoding.ASCII.GetString(FileUploads.Pdf);
        var (body, contentType) = mutation switch
        {
            "filename-crlf" => (Part("a\r\nX-Injected: 1\r\n.pdf", "application/pdf", pdf), $"multipart/form-data; boundary={boundary}"),
            "filename-nul" => (Part("report\u0000.exe.pdf", "application/pdf", pdf), $"multipart/form-data; boundary={boundary}"),
            "filename-rtl" => (Part("invoice\u202Efdp.exe", "application/pdf", pdf), $"multipart/form-data; boundary={boundary}"),
            "filename-overlong" => (Part(new string('n', 250) + "😀😀" + ".pdf", "application/pdf", pdf), $"multipart/form-data; boundary={boundary}"),
            "disallowed-type" => (Part("tool.exe", "application/octet-stream", "MZ\u0090\u0000"), $"multipart/form-data; boundary={boundary}"),
            "empty-file" => (Part("empty.txt", "text/plain", ""), $"multipart/form-data; boundary={boundary}"),
            "no-boundary" => (Part("a.pdf", "application/pdf", pdf), "multipart/form-data"),
            "json-instead" => ("{\"file\":\"x\"}", "application/json"),
            "two-files" => (Part("a.pdf", "application/pdf", pdf) + Part("b.pdf", "application/pdf", pdf), $"multipart/form-data; boundary={boundary}"),
            _ => (Part("report.pdf", "application/pdf", pdf), $"multipart/form-data; boundary={boundary}"),
        };
        if (mutation != "no-boundary" && mutation != "json-instead")
            body += $"--{boundary}--\r\n";
        return new(operation, mutation, operation.Method, pathAndQuery, Encoding.UTF8.GetBytes(body), contentType, headers);
    }

    /// <summary>A value of the schema's shape; property names pick plausible content (emails, roles, track codes, ids).</summary>
    private JsonNode? NominalValue(string name, JsonNode? schema, IReadOnlyList<string> ids, IReadOnlyList<string> codes, int depth)
    {
        schema = document.Resolve(NonNull(schema));
        if (schema is null || depth > 6)
            return null;
        if (schema["enum"] is JsonArray values)
            return values[random.Next(values.Count)]?.DeepClone();
        switch (TypeOf(schema))
        {
            case "object":
                var result = new JsonObject();
                foreach (var (property, propertySchema) in schema["properties"]?.AsObject() ?? [])
                    result[property] = NominalValue(property, propertySchema, ids, codes, depth + 1);
                return result;
            case "array":
                var array = new JsonArray();
                for (var i = random.Next(1, 4); i > 0; i--)
                    array.Add(NominalValue(name, schema["items"], ids, codes, depth + 1));
                return array;
            case "integer":
                return name.Contains("price", StringComparison.OrdinalIgnoreCase) ? 1000 + random.Next(100) : random.Next(1, 50);
            case "number":
                return random.NextDouble() * 100;
            case "boolean":
                return random.Next(2) == 0;
            default:
                return NominalScalar(name, schema, ids, codes);
        }
    }

    private string NominalScalar(string name, JsonNode? schema, IReadOnlyList<string> ids, IReadOnlyList<string> codes)
    {
        schema = document.Resolve(NonNull(schema));
        if (schema?["enum"] is JsonArray values)
            return values[random.Next(values.Count)]!.ToString();
        var format = schema?["format"]?.GetValue<string>();
        var type = schema is null ? "string" : TypeOf(schema);
        var lower = name.ToLowerInvariant();
        return (type, format) switch
        {
            (_, "uuid") => Pick(ids),
            (_, "date-time") => DateTimeOffset.UtcNow.AddDays(-random.Next(30)).ToString("O"),
            ("integer", _) => random.Next(1, 50).ToString(),
            ("boolean", _) => random.Next(2) == 0 ? "true" : "false",
            _ when lower.Contains("email") => ApiFactory.NewEmail("hostile"),
            _ when lower.Contains("password") => "hostile-pass-" + random.Next(1_000_000),
            _ when lower.Contains("role") => Pick(Roles.All.ToArray()),
            _ when lower.Contains("code") || lower == "track" => Pick(codes),
            _ when lower == "status" || lower == "state" => Pick(["active", "pending", "paid", "withdrawn", "pendingPayment"]),
            _ when lower.Contains("url") => Pick(["https://example.com/report", "https://github.com/octo/repo"]),
            _ when lower.Contains("currency") => "usd",
            _ when lower.Contains("token") => Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
            _ => "hostile " + random.Next(1_000_000),
        };
    }

    private static JsonNode? NonNull(JsonNode? schema) =>
        schema?["oneOf"] is JsonArray options ? options.FirstOrDefault(o => o?["type"]?.ToString() != "null") : schema;

    private static string TypeOf(JsonNode schema) => schema["type"] switch
    {
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null") ?? "string",
        JsonValue type => type.GetValue<string>(),
        _ => schema["properties"] is not null ? "object" : "string",
    };

    private JsonNode? WrongType(JsonNode? value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Pick<JsonNode?>([12345, true, new JsonArray(1, 2), new JsonObject { ["x"] = 1 }]),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => Pick<JsonNode?>(["12", "ten", true, new JsonArray()]),
        JsonValue => Pick<JsonNode?>(["true", 1, new JsonObject()]),
        JsonArray => "not-an-array",
        JsonObject => Pick<JsonNode?>([new JsonArray(), "object?", 0]),
        _ => new JsonObject { ["unexpected"] = true },
    };

    private static JsonNode Mutate(JsonNode node, Func<JsonNode?, JsonNode?> change)
    {
        if (node is not JsonObject obj)
            return change(node) ?? JsonValue.Create("null-root")!;
        var copy = new JsonObject();
        foreach (var (name, value) in obj)
            copy[name] = change(value?.DeepClone());
        return copy;
    }

    private string MutateStrings(JsonNode node, Func<string, string> change)
    {
        JsonNode? Walk(JsonNode? value) => value switch
        {
            JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Walk(p.Value?.DeepClone())))),
            JsonArray array => new JsonArray([.. array.Select(item => Walk(item?.DeepClone()))]),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => change(v.GetValue<string>()),
            _ => value?.DeepClone(),
        };
        // Serialised without escaping non-ASCII, so U+202E and friends travel as they are.
        return Walk(node)!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private string OverflowNumbers(JsonNode node)
    {
        var json = node.ToJsonString();
        var replaced = System.Text.RegularExpressions.Regex.Replace(json, @"(?<=:)\s*-?\d+(\.\d+)?", _ => Pick(["1e400", "9223372036854775808", "-1e309", "340282366920938463463374607431768211456", "0.0000000000000000000000000000001"]));
        // An operation without numbers still gets one, where a number does not belong.
        return replaced == json && node is JsonObject ? json.TrimEnd('}') + (json.Length > 2 ? "," : "") + "\"n\":1e400}" : replaced;
    }

    private static JsonNode WithExtras(JsonNode node)
    {
        var copy = node.DeepClone() as JsonObject ?? new JsonObject();
        copy["role"] = "superadmin";
        copy["id"] = Guid.NewGuid().ToString();
        copy["isAdmin"] = true;
        copy["studentId"] ??= Guid.NewGuid().ToString();
        copy["__proto__"] = new JsonObject { ["polluted"] = true };
        return copy;
    }

    private static string DuplicateKeys(JsonNode node)
    {
        var json = node.ToJsonString();
        if (node is not JsonObject obj || obj.Count == 0)
            return json;
        var first = obj.First();
        return "{" + $"\"{first.Key}\":\"first\"," + json[1..];
    }

    private static bool IsUuid(OpenApiParameter parameter) => parameter.Schema?["format"]?.GetValue<string>() == "uuid";

    private T Pick<T>(IReadOnlyList<T> options) => options[random.Next(options.Count)];
}
