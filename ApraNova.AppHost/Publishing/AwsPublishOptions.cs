namespace ApraNova.AppHost.Publishing;

/// <summary>
/// Choices the seed leaves open ("optional", "parameter"). Bound from the AppHost configuration
/// section <c>Aws</c> (appsettings, environment <c>Aws__NatGateways=0</c>, or the command line
/// <c>--Aws:NatGateways 0</c>); every default is the seed's default configuration.
/// </summary>
public sealed record AwsPublishOptions
{
    public const string ConfigurationSection = "Aws";

    /// <summary>CloudFormation stack name of the application stack.</summary>
    public string StackName { get; init; } = "ApraNova";

    /// <summary>
    /// NAT gateways (seed: one, in the first public subnet). With 0 the private subnets have no
    /// route out, so the services run in the public subnets with public IPs to pull images and
    /// reach AWS APIs; their security group still admits only the load balancer.
    /// </summary>
    public int NatGateways { get; init; } = 1;

    /// <summary>ACM certificate ARN. When set the ALB listens on 443 and port 80 redirects to it.</summary>
    public string? CertificateArn { get; init; }

    /// <summary>
    /// Browser-facing origin (App__PublicUrl) when a domain points at the ALB; default: the ALB's
    /// own address.
    /// </summary>
    public string? PublicUrl { get; init; }

    /// <summary>RDS Multi-AZ (seed: optional, off in its cost table).</summary>
    public bool MultiAz { get; init; }

    /// <summary>RDS storage encryption at rest (seed: optional; its best practices say enable it; free).</summary>
    public bool StorageEncrypted { get; init; } = true;

    /// <summary>Run the services on Fargate Spot (one of the seed's optimizations).</summary>
    public bool FargateSpot { get; init; }

    /// <summary>CloudWatch Logs retention of the service log groups, in days.</summary>
    public int LogRetentionDays { get; init; } = 30;

    /// <summary>
    /// When set (CI), the services run the images pushed to the stack's ECR repositories with this
    /// tag instead of image assets that <c>cdk deploy</c> builds.
    /// </summary>
    public string? ImageTag { get; init; }

    /// <summary>Where a monthly cost estimate assumes usage (GB of logs, data, …). Seed values.</summary>
    public Cost.UsageAssumptions Usage { get; init; } = Cost.UsageAssumptions.Seed;

    public void Validate()
    {
        if (NatGateways is < 0 or > 2)
        {
            throw new InvalidOperationException($"Aws:NatGateways must be 0, 1 or 2 (one per public subnet at most); got {NatGateways}.");
        }

        if (CertificateArn is { Length: > 0 } arn && !arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Aws:CertificateArn must be an ACM certificate ARN (arn:aws:acm:…); got '{arn}'.");
        }
    }
}
