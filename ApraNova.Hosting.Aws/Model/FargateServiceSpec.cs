namespace ApraNova.Hosting.Aws.Model;

/// <summary>One container image run as an ECS Fargate service behind the load balancer.</summary>
/// <param name="ReadinessPath">What the load balancer's target group probes: "ready for traffic".</param>
/// <param name="LivenessPath">What the container health check probes: "the process works"; ECS replaces the task when it fails.</param>
public sealed record FargateServiceSpec(
    string Name,
    ContainerImageSpec Image,
    int Cpu,
    int MemoryMiB,
    int ContainerPort,
    string ReadinessPath,
    string LivenessPath,
    IReadOnlyList<string> PathPatterns,
    IReadOnlyDictionary<string, DeploymentValue> Environment,
    IReadOnlyList<FileSystemMountSpec> FileSystemMounts)
{
    /// <summary>A service without path patterns takes the load balancer's default action.</summary>
    public bool IsDefaultRoute => PathPatterns.Count == 0;
}
