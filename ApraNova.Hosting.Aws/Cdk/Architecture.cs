namespace ApraNova.Hosting.Aws.Cdk;

/// <summary>
/// The fixed numbers of the production architecture (docs/architecture.md) that the constructs
/// build; the choices it leaves open are <see cref="AwsPublishOptions"/>.
/// </summary>
public static class Architecture
{
    // Network (architecture §2).
    public const string VpcCidr = "10.0.0.0/16";
    public static readonly IReadOnlyList<string> PublicSubnetCidrs = ["10.0.1.0/24", "10.0.2.0/24"];
    public static readonly IReadOnlyList<string> PrivateSubnetCidrs = ["10.0.11.0/24", "10.0.12.0/24"];

    // Data (§4).
    public const int PostgresPort = 5432;
    public const int RedisPort = 6379;
    public const int NfsPort = 2049;
    public const string DatabaseUser = "apranova_admin";

    // Health checks (§3): every 30 s, 5 s timeout, 3 failures.
    public const int HealthCheckIntervalSeconds = 30;
    public const int HealthCheckTimeoutSeconds = 5;
    public const int HealthCheckRetries = 3;

    // Scaling (§3): 1 to 10 tasks, CPU < 70 %, memory < 80 %.
    public const int MinTasks = 1;
    public const int MaxTasks = 10;
    public const int CpuScalingTargetPercent = 70;
    public const int MemoryScalingTargetPercent = 80;
}
