namespace ApraNova.AppHost.Publishing;

/// <summary>
/// Per-resource choices for the Fargate service a compute resource becomes. Anything left null
/// is taken from the model (ports, health checks) or from the seed's size for its kind.
/// </summary>
public sealed class FargateServiceAnnotation : IResourceAnnotation
{
    /// <summary>Task CPU units (256 = 0.25 vCPU).</summary>
    public int? Cpu { get; set; }

    /// <summary>Task memory in MiB.</summary>
    public int? MemoryMiB { get; set; }

    /// <summary>
    /// Port the container listens on, when the model's endpoint has none (a project's endpoint
    /// from its launch profile carries no port in publish mode).
    /// </summary>
    public int? ContainerPort { get; set; }

    /// <summary>
    /// ALB path patterns routed to this service (e.g. <c>/api/*</c>). Empty: the service takes the
    /// listener's default action; only one service may.
    /// </summary>
    public IReadOnlyList<string>? PathPatterns { get; set; }

    /// <summary>Target group and container health check path, when the model does not say it.</summary>
    public string? HealthCheckPath { get; set; }
}
