using ApraNova.Hosting.Aws.Cdk.Services;

namespace ApraNova.Hosting.Aws.Cdk.Telemetry;

/// <param name="Services">The services that get a collector beside them.</param>
/// <param name="MemoryLimitMiB">Where the collector starts refusing data rather than growing.</param>
public sealed record TelemetryProps(IReadOnlyList<ServiceConstruct> Services, int MemoryLimitMiB = TelemetryConstruct.CollectorMemoryReservationMiB);
