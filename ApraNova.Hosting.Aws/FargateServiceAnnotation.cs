namespace ApraNova.Hosting.Aws;

/// <summary>
/// How a compute resource of the model runs as an ECS Fargate service (set with
/// <see cref="AwsCdkEnvironmentExtensions.PublishAsFargateService{T}"/>). Anything left null is
/// taken from the model (ports) or from the architecture's size for the resource's kind.
/// </summary>
public sealed class FargateServiceAnnotation : IResourceAnnotation
{
    private readonly List<FileSystemMount> _fileSystems = [];

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

    /// <summary>
    /// Readiness: the path the load balancer's target group probes before it sends traffic
    /// (may check dependencies such as the database). Default <c>/</c>.
    /// </summary>
    public string? ReadinessPath { get; set; }

    /// <summary>
    /// Liveness: the path the ECS container health check probes; a failure makes ECS replace the
    /// task, so it should check the process only. Default: the readiness path.
    /// </summary>
    public string? LivenessPath { get; set; }

    /// <summary>File stores mounted into the container (each one EFS file system).</summary>
    public IReadOnlyList<FileSystemMount> FileSystems => _fileSystems;

    /// <summary>
    /// Mounts <paramref name="fileStore"/> (any resource of the model standing for a shared folder)
    /// into the container and sets <paramref name="environmentVariable"/> to the mount path.
    /// </summary>
    public FargateServiceAnnotation MountFileSystem(IResource fileStore, string environmentVariable)
    {
        ArgumentNullException.ThrowIfNull(fileStore);
        ArgumentException.ThrowIfNullOrEmpty(environmentVariable);
        _fileSystems.Add(new FileSystemMount(fileStore, environmentVariable));
        return this;
    }
}
