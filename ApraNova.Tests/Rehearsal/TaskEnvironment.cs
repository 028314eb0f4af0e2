using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ApraNova.Hosting.Aws.Cdk.Configuration;

namespace ApraNova.Tests.Rehearsal;

/// <summary>
/// The environment one container of a synthesized task definition gets, computed from the
/// template itself: every plain variable and every secret by its name, each CloudFormation value
/// (Ref, Fn::GetAtt, Fn::Join, Secrets Manager dynamic references, generated secrets) resolved to
/// the rehearsal's <see cref="StandIns"/>. A reference it cannot resolve is an error that names
/// the variable: the template asks for something the rehearsal (and so this check) does not know.
/// </summary>
public sealed partial class TaskEnvironment
{
    private readonly JsonObject _resources;
    private readonly JsonObject _parameters;
    private readonly StandIns _standIns;
    private readonly Dictionary<string, string> _secretValues = new(StringComparer.Ordinal);

    public TaskEnvironment(JsonObject template, StandIns standIns)
    {
        _resources = template["Resources"]!.AsObject();
        _parameters = template["Parameters"]?.AsObject() ?? [];
        _standIns = standIns;
    }

    /// <summary>Generated secrets by logical id (the JWT key, the first superadmin's password...), once resolved.</summary>
    public IReadOnlyDictionary<string, string> SecretValues => _secretValues;

    /// <summary>The essential container named <paramref name="containerName"/> and its task definition.</summary>
    public JsonObject Container(string containerName) => _resources
        .Where(r => (string?)r.Value!["Type"] == "AWS::ECS::TaskDefinition")
        .Select(r => r.Value!["Properties"]!["ContainerDefinitions"]![0]!.AsObject())
        .Single(c => (string?)c["Name"] == containerName);

    /// <summary>Plain variables and secrets of the container, by name, resolved.</summary>
    public (Dictionary<string, string> Environment, Dictionary<string, string> Secrets) Resolve(string containerName)
    {
        var container = Container(containerName);
        var environment = (container["Environment"]?.AsArray() ?? []).ToDictionary(
            e => (string)e!["Name"]!, e => Resolved((string)e!["Name"]!, e["Value"]!), StringComparer.Ordinal);
        var secrets = (container["Secrets"]?.AsArray() ?? []).ToDictionary(
            e => (string)e!["Name"]!, e => SecretFromArn((string)e!["Name"]!, Resolved((string)e["Name"]!, e["ValueFrom"]!)), StringComparer.Ordinal);
        return (environment, secrets);
    }

    private string Resolved(string variable, JsonNode value)
    {
        try
        {
            return ResolveDynamicReferences(Evaluate(value));
        }
        catch (StandInMissingException missing)
        {
            throw new StandInMissingException($"{variable}: {missing.Message}");
        }
    }

    /// <summary>A Secrets Manager ARN stand-in ("secret:{logical id}", optionally ":{json key}::") to its value.</summary>
    private string SecretFromArn(string variable, string arn)
    {
        var match = SecretArn().Match(arn);
        if (!match.Success)
        {
            throw new StandInMissingException($"{variable}: '{arn}' is not a secret of this template");
        }
        var value = SecretValue(match.Groups["id"].Value);
        var key = match.Groups["key"].Value;
        return key.Length == 0 ? value : (string)JsonNode.Parse(value)![key]!;
    }

    private string Evaluate(JsonNode node) => node switch
    {
        JsonValue value => value.ToString(),
        JsonObject o when o["Ref"] is { } reference => Ref((string)reference!),
        JsonObject o when o["Fn::GetAtt"] is JsonArray attribute => GetAtt((string)attribute[0]!, (string)attribute[1]!),
        JsonObject o when o["Fn::Join"] is JsonArray join => string.Join((string)join[0]!, join[1]!.AsArray().Select(p => Evaluate(p!))),
        JsonObject o when o["Fn::Select"] is JsonArray select => Evaluate(EvaluateList(select[1]!)[(int)select[0]!]),
        _ => throw new StandInMissingException($"no stand-in for {node.ToJsonString()}"),
    };

    private List<JsonNode> EvaluateList(JsonNode node) => node switch
    {
        JsonArray array => [.. array.Select(n => n!)],
        JsonObject o when o["Fn::Split"] is JsonArray split => [.. Evaluate(split[1]!).Split((string)split[0]!).Select(s => (JsonNode)JsonValue.Create(s)!)],
        _ => throw new StandInMissingException($"no stand-in for list {node.ToJsonString()}"),
    };

    private string Ref(string id)
    {
        switch (id)
        {
            case "AWS::Region": return _standIns.Region;
            case "AWS::AccountId": return _standIns.AccountId;
            case "AWS::Partition": return "aws";
            case "AWS::URLSuffix": return "amazonaws.com";
        }
        if (_parameters[id] is JsonObject parameter)
        {
            return (string?)parameter["Default"] ?? throw new StandInMissingException($"parameter {id} has no default");
        }
        var resource = _resources[id] ?? throw new StandInMissingException($"{id} is neither a parameter nor a resource");
        return (string?)resource["Type"] switch
        {
            "AWS::SecretsManager::Secret" => $"secret:{id}",
            // An attachment's Ref is the ARN of the secret it attaches.
            "AWS::SecretsManager::SecretTargetAttachment" => Evaluate(resource["Properties"]!["SecretId"]!),
            var type => throw new StandInMissingException($"no stand-in for Ref of {id} ({type})"),
        };
    }

    private string GetAtt(string id, string attribute)
    {
        var type = (string?)_resources[id]?["Type"];
        return (type, attribute) switch
        {
            ("AWS::RDS::DBInstance", "Endpoint.Address") => _standIns.DatabaseHost,
            ("AWS::RDS::DBInstance", "Endpoint.Port") => _standIns.DatabasePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ("AWS::ElastiCache::ReplicationGroup", "PrimaryEndPoint.Address") => _standIns.CacheHost,
            ("AWS::ElastiCache::ReplicationGroup", "PrimaryEndPoint.Port") => "6379",
            ("AWS::ElasticLoadBalancingV2::LoadBalancer", "DNSName") => _standIns.LoadBalancerDnsName,
            _ => throw new StandInMissingException($"no stand-in for {id}.{attribute} ({type})"),
        };
    }

    /// <summary>{{resolve:secretsmanager:ARN:SecretString:key::}} inside a value, as CloudFormation resolves it at deploy.</summary>
    private string ResolveDynamicReferences(string value) => DynamicReference().Replace(value, match =>
    {
        var secret = SecretValue(match.Groups["id"].Value);
        var key = match.Groups["key"].Value;
        return key.Length == 0 ? secret : (string)JsonNode.Parse(secret)![key]!;
    });

    private string SecretValue(string id)
    {
        if (_secretValues.TryGetValue(id, out var known))
        {
            return known;
        }
        var properties = _resources[id]?["Properties"]?.AsObject() ?? throw new StandInMissingException($"secret {id} is not in the template");
        var name = (string?)properties["Name"];
        string value;
        if (properties["SecretString"] is { } secretString)
        {
            value = ResolveDynamicReferences(Evaluate(secretString));
            if (value == ParametersConstruct.Placeholder)
            {
                // Created with a placeholder; an operator puts the real value after the first deploy.
                value = name is not null && _standIns.OperatorSecrets.TryGetValue(name, out var filled)
                    ? filled
                    : throw new StandInMissingException($"secret {name ?? id} holds the placeholder and the rehearsal fills in no value for it");
            }
        }
        else if (properties["GenerateSecretString"] is JsonObject generate)
        {
            value = Generated(id, generate);
        }
        else
        {
            throw new StandInMissingException($"secret {id} has neither a value nor a generator");
        }
        _secretValues[id] = value;
        return value;
    }

    /// <summary>A generated secret: the stand-in's own password where a service was started with it, otherwise a fresh one.</summary>
    private string Generated(string id, JsonObject generate)
    {
        if (generate["SecretStringTemplate"] is { } template && (string?)generate["GenerateStringKey"] is { } key)
        {
            // RDS's master secret: {"username": ...} plus the generated password.
            var json = JsonNode.Parse((string)template!)!.AsObject();
            json[key] = IsDatabaseSecret(json) ? _standIns.DatabasePassword : RandomPassword(generate);
            return json.ToJsonString();
        }
        return IsCacheToken(id) ? _standIns.CacheAuthToken : RandomPassword(generate);
    }

    private bool IsDatabaseSecret(JsonObject template) => template["username"] is not null
        && _resources.Any(r => (string?)r.Value!["Type"] == "AWS::RDS::DBInstance");

    /// <summary>The cache's auth token: the secret the replication group's AuthToken resolves.</summary>
    private bool IsCacheToken(string id) => _resources
        .Where(r => (string?)r.Value!["Type"] == "AWS::ElastiCache::ReplicationGroup")
        .Any(r => r.Value!["Properties"]?["AuthToken"]?.ToJsonString().Contains($"\"{id}\"", StringComparison.Ordinal) == true);

    private static string RandomPassword(JsonObject generate) =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", (int?)generate["PasswordLength"] ?? 32);

    [GeneratedRegex(@"^secret:(?<id>[A-Za-z0-9]+)(:(?<key>[^:]*)::)?$")]
    private static partial Regex SecretArn();

    [GeneratedRegex(@"\{\{resolve:secretsmanager:secret:(?<id>[A-Za-z0-9]+):SecretString:(?<key>[^:]*)::\}\}")]
    private static partial Regex DynamicReference();
}
