using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using ApraNova.AppHost.Publishing;

namespace ApraNova.Tests.Publishing;

/// <summary>
/// Publishes the contract model once for the whole collection (synthesis takes tens of seconds)
/// and hands out its templates as CDK assertion templates and as JSON.
/// </summary>
public sealed class AwsPublishFixture : IAsyncLifetime
{
    public string OutputDirectory { get; } = Path.Combine(Path.GetTempPath(), $"apranova-aws-{Guid.NewGuid():N}");

    public AwsPublishResult Result { get; private set; } = null!;

    public Template Application { get; private set; } = null!;

    public Template Registry { get; private set; } = null!;

    public JsonObject ApplicationJson => Result.Synthesis.Templates["ApraNova"];

    public async Task InitializeAsync()
    {
        Result = await ContractModel.PublishAsync(OutputDirectory);
        Application = Template.FromString(ApplicationJson.ToJsonString());
        Registry = Template.FromString(Result.Synthesis.Templates["ApraNova-Registry"].ToJsonString());
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(OutputDirectory))
        {
            Directory.Delete(OutputDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>Resources of a type, by logical id.</summary>
    public IEnumerable<(string Id, JsonObject Properties)> Resources(string type) =>
        ApplicationJson["Resources"]!.AsObject()
            .Where(r => (string?)r.Value!["Type"] == type)
            .Select(r => (r.Key, r.Value!["Properties"]?.AsObject() ?? []));

    /// <summary>The container definition of a service, by container name.</summary>
    public JsonObject Container(string name) =>
        Resources("AWS::ECS::TaskDefinition")
            .Select(t => t.Properties["ContainerDefinitions"]![0]!.AsObject())
            .Single(c => (string?)c["Name"] == name);

    public JsonObject TaskDefinition(string containerName) =>
        Resources("AWS::ECS::TaskDefinition")
            .Single(t => (string?)t.Properties["ContainerDefinitions"]![0]!["Name"] == containerName).Properties;

    public string LogicalId(string type, string prefix) =>
        Resources(type).Single(r => r.Id.StartsWith(prefix, StringComparison.Ordinal)).Id;
}

/// <summary>
/// Every test that synthesizes or asserts with CDK belongs here: the jsii runtime behind the CDK
/// is one Node.js process per test process and does not take calls from parallel tests.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AwsPublishCollection : ICollectionFixture<AwsPublishFixture>
{
    public const string Name = "aws-publish";
}

/// <summary>Builds the dictionaries CDK assertion matchers take.</summary>
internal static class Props
{
    public static Dictionary<string, object> Of(params (string Key, object Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);

    public static object Like(params (string Key, object Value)[] entries) => Match.ObjectLike(Of(entries));

    public static object Ref(string logicalId) => Of(("Ref", logicalId));

    public static object GetAtt(string logicalId, string attribute) => Of(("Fn::GetAtt", new object[] { logicalId, attribute }));
}
