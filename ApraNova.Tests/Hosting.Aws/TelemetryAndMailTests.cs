using System.Text.Json.Nodes;
using ApraNova.Hosting.Aws.Cdk.Mail;
using ApraNova.Hosting.Aws.Cdk.Telemetry;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>
/// docs/architecture.md §6 and §10: each task sends its OTLP to an ADOT collector beside it (X-Ray,
/// CloudWatch), and the api's task role may send mail through SES from the sender parameter only.
/// </summary>
[Collection(AwsPublishCollection.Name)]
public sealed class TelemetryAndMailTests(AwsPublishFixture fixture)
{
    [Theory]
    [InlineData("api", "ServicesApi")]
    [InlineData("web", "ServicesWeb")]
    public void Every_task_runs_a_collector_beside_its_service_and_the_service_exports_to_it(string service, string prefix)
    {
        var containers = Templates.TaskDefinition(fixture.ApplicationJson, service)["ContainerDefinitions"]!.AsArray();
        var collector = containers.Single(c => (string?)c!["Name"] == TelemetryConstruct.CollectorContainerName)!;
        Assert.Equal(TelemetryConstruct.CollectorImage, (string?)collector["Image"]);
        Assert.False((bool)collector["Essential"]!); // a collector failure never stops the service
        Assert.Equal(TelemetryConstruct.CollectorMemoryReservationMiB, (int)collector["MemoryReservation"]!);

        var logGroup = fixture.LogicalId("AWS::Logs::LogGroup", $"{prefix}Logs");
        var configuration = Templates.Environment(collector.AsObject())["AOT_CONFIG_CONTENT"];
        Assert.Contains("awsxray", configuration, StringComparison.Ordinal);
        Assert.Contains("awsemf", configuration, StringComparison.Ordinal);
        Assert.Contains(Templates.Ref(logGroup), configuration, StringComparison.Ordinal); // metrics into the service's own group
        Assert.Contains("endpoint: localhost:4317", configuration, StringComparison.Ordinal);
        Assert.Equal(Templates.Ref(logGroup), collector["LogConfiguration"]!["Options"]!["awslogs-group"]!.ToJsonString());

        var environment = Templates.Environment(fixture.Container(service));
        Assert.Equal("\"http://localhost:4317\"", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("\"grpc\"", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal($"\"{service}\"", environment["OTEL_SERVICE_NAME"]);

        var role = fixture.LogicalId("AWS::IAM::Role", $"{prefix}TaskRole");
        var statements = Statements(role);
        var xray = Assert.Single(statements, s => s["Action"]!.AsArray().Any(a => (string?)a == "xray:PutTraceSegments"));
        Assert.Equal("\"*\"", xray["Resource"]!.ToJsonString()); // X-Ray has no resource-level permissions
        var logs = Assert.Single(statements, s => s["Action"]!.AsArray().Any(a => (string?)a == "logs:PutLogEvents"));
        Assert.Contains(logGroup, logs["Resource"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(statements, s => s["Action"]!.ToJsonString().Contains("cloudwatch:PutMetricData", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_api_may_send_mail_and_only_from_the_sender_parameter()
    {
        var parameters = fixture.ApplicationJson["Parameters"]!.AsObject();
        var sender = parameters.Single(p => p.Key.StartsWith("MailSender", StringComparison.Ordinal));
        Assert.Equal("no-reply@apranova.app", (string?)sender.Value!["Default"]);
        Assert.Equal(SesMailConstruct.SenderPattern, (string?)sender.Value["AllowedPattern"]);
        Assert.Equal(Templates.Ref(sender.Key), Templates.Environment(fixture.Container("api"))[SesMailConstruct.SenderVariable]);

        var apiRole = fixture.LogicalId("AWS::IAM::Role", "ServicesApiTaskRole");
        var ses = Assert.Single(Statements(apiRole), s => s["Action"]!.ToJsonString().Contains("ses:", StringComparison.Ordinal));
        Assert.Equal("[\"ses:SendEmail\"]", ses["Action"]!.ToJsonString());
        var resources = ses["Resource"]!.AsArray().Select(r => r!.ToJsonString()).ToList();
        Assert.Equal(2, resources.Count);
        Assert.All(resources, r => Assert.Contains(":identity/", r, StringComparison.Ordinal));
        Assert.All(resources, r => Assert.Contains(sender.Key, r, StringComparison.Ordinal)); // the address, and its domain
        Assert.Equal("""{"StringEquals":{"ses:FromAddress":""" + Templates.Ref(sender.Key) + "}}", ses["Condition"]!.ToJsonString());

        var webRole = fixture.LogicalId("AWS::IAM::Role", "ServicesWebTaskRole");
        Assert.DoesNotContain(Statements(webRole), s => s["Action"]!.ToJsonString().Contains("ses:", StringComparison.Ordinal));
    }

    private List<JsonObject> Statements(string roleId) =>
        [.. fixture.Resources("AWS::IAM::Policy")
            .Where(p => p.Properties["Roles"]!.AsArray().Any(r => (string?)r!["Ref"] == roleId))
            .SelectMany(p => p.Properties["PolicyDocument"]!["Statement"]!.AsArray())
            .Select(s => NormalizeActions(s!.AsObject()))];

    /// <summary>CDK writes a single action as a string; make it an array for the checks.</summary>
    private static JsonObject NormalizeActions(JsonObject statement)
    {
        var copy = statement.DeepClone().AsObject();
        if (copy["Action"] is JsonValue single)
        {
            copy["Action"] = new JsonArray((string)single!);
        }
        return copy;
    }
}
