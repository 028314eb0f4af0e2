using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using ApraNova.Hosting.Aws.Cdk.Services;
using Constructs;

namespace ApraNova.Hosting.Aws.Cdk.Telemetry;

/// <summary>
/// Telemetry in AWS (architecture §10, "OTLP everywhere"): beside every service's container an
/// AWS Distro for OpenTelemetry collector that receives the service's OTLP on localhost and sends
/// traces to X-Ray and a few chosen metrics to CloudWatch (embedded metric format, written into
/// the service's own log group, so its retention applies and no PutMetricData is needed). Logs
/// already reach CloudWatch through each container's awslogs driver. The collector is not
/// essential: if it stops, the service keeps serving and only telemetry is lost.
/// </summary>
public sealed class TelemetryConstruct : Construct
{
    /// <summary>The AWS Distro for OpenTelemetry collector, a pinned release from the public ECR gallery.</summary>
    public const string CollectorImage = "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3";

    public const string CollectorContainerName = "otel-collector";

    /// <summary>CloudWatch namespace of the metrics.</summary>
    public const string MetricsNamespace = "ApraNova";

    /// <summary>
    /// Metrics extracted as CloudWatch metrics (each dimension set is a billed custom metric);
    /// everything else the services export stays in the log group as EMF records, unbilled as metrics.
    /// </summary>
    public static readonly IReadOnlyList<string> CloudWatchMetrics =
    [
        "http.server.request.duration",
        "http.server.active_requests",
        "dotnet.process.memory.working_set",
        "dotnet.gc.pause.time",
    ];

    /// <summary>A soft reservation: the collector shares the task's memory (§3 sizes) with the service.</summary>
    public const int CollectorMemoryReservationMiB = 64;

    /// <summary>What every service's container gets: where its OTLP goes (the sidecar), over gRPC, under its own name.</summary>
    public static IReadOnlyDictionary<string, string> ServiceEnvironment(string serviceName) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://localhost:4317",
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
        ["OTEL_SERVICE_NAME"] = serviceName,
    };

    public TelemetryConstruct(Construct scope, string id, TelemetryProps props) : base(scope, id)
    {
        foreach (var service in props.Services)
        {
            foreach (var (name, value) in ServiceEnvironment(service.Spec.Name))
            {
                service.Container.AddEnvironment(name, value);
            }

            service.Service.TaskDefinition.AddContainer(CollectorContainerName, new ContainerDefinitionOptions
            {
                Image = ContainerImage.FromRegistry(CollectorImage),
                Essential = false,
                MemoryReservationMiB = CollectorMemoryReservationMiB,
                Environment = new Dictionary<string, string>
                {
                    ["AOT_CONFIG_CONTENT"] = CollectorConfiguration(service.LogGroup.LogGroupName, props.MemoryLimitMiB),
                },
                Logging = LogDriver.AwsLogs(new AwsLogDriverProps { LogGroup = service.LogGroup, StreamPrefix = CollectorContainerName }),
            });

            // X-Ray's write and sampling actions have no resource-level permissions: AWS accepts only "*".
            service.TaskRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
            {
                Actions =
                [
                    "xray:PutTraceSegments", "xray:PutTelemetryRecords",
                    "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries",
                ],
                Resources = ["*"],
            }));
            // Metrics as EMF records, into this service's own log group only.
            service.TaskRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
            {
                Actions = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resources = [service.LogGroup.LogGroupArn],
            }));
        }
    }

    /// <summary>
    /// The collector's configuration (given to the ADOT image as AOT_CONFIG_CONTENT): OTLP in on
    /// localhost only, a memory limiter so it cannot starve the service, batches to X-Ray and EMF.
    /// </summary>
    public static string CollectorConfiguration(string logGroupName, int memoryLimitMiB) => $$"""
        extensions:
          health_check:
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: localhost:4317
              http:
                endpoint: localhost:4318
        processors:
          memory_limiter:
            check_interval: 1s
            limit_mib: {{memoryLimitMiB}}
          batch:
            timeout: 10s
        exporters:
          awsxray:
            indexed_attributes: [http.route, http.response.status_code]
          awsemf:
            namespace: {{MetricsNamespace}}
            log_group_name: '{{logGroupName}}'
            log_stream_name: otel-metrics
            resource_to_telemetry_conversion:
              enabled: true
            dimension_rollup_option: NoDimensionRollup
            metric_declarations:
              - dimensions: [[service.name]]
                metric_name_selectors:
        {{string.Concat(CloudWatchMetrics.Select(m => $"          - '^{m.Replace(".", "\\.", StringComparison.Ordinal)}$'\n"))}}
        service:
          extensions: [health_check]
          pipelines:
            traces:
              receivers: [otlp]
              processors: [memory_limiter, batch]
              exporters: [awsxray]
            metrics:
              receivers: [otlp]
              processors: [memory_limiter, batch]
              exporters: [awsemf]
        """;
}
