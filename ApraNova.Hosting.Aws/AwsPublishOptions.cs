using ApraNova.Hosting.Aws.Cost;
using Microsoft.Extensions.Configuration;

namespace ApraNova.Hosting.Aws;

/// <summary>
/// The choices the architecture leaves open. Bound from the AppHost configuration section
/// <c>Aws</c> (appsettings, environment <c>Aws__NatGateways=0</c>, or the command line
/// <c>--Aws:NatGateways 0</c>); every default is the architecture's default configuration
/// (docs/architecture.md).
/// </summary>
public sealed record AwsPublishOptions
{
    public const string ConfigurationSection = "Aws";

    /// <summary>CloudWatch Logs retention periods CloudFormation accepts (days).</summary>
    public static readonly IReadOnlyList<int> SupportedLogRetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 180, 365];

    /// <summary>CloudFormation stack name of the application stack.</summary>
    public string StackName { get; init; } = "ApraNova";

    /// <summary>
    /// NAT gateways (one, in the first public subnet). With 0 the private subnets have no route
    /// out, so the services run in the public subnets with public IPs to pull images and reach AWS
    /// APIs; their security group still admits only the load balancer.
    /// </summary>
    public int NatGateways { get; init; } = 1;

    /// <summary>
    /// The application's name on the internet (<c>app.example.com</c>). With it the load balancer
    /// serves HTTPS for that name and every public URL (the api's links, the web's calls to the
    /// api) is <c>https://{DomainName}</c>. Needs <see cref="HostedZoneId"/> (a certificate is
    /// requested and validated in that Route 53 zone, and an alias record points the name at the
    /// load balancer) or <see cref="CertificateArn"/> (a certificate you have for that name; you
    /// point the name at the load balancer yourself, or give the zone too).
    /// </summary>
    public string? DomainName { get; init; }

    /// <summary>Route 53 hosted zone that holds <see cref="DomainName"/>.</summary>
    public string? HostedZoneId { get; init; }

    /// <summary>Name of that hosted zone (default: <see cref="DomainName"/> itself, an apex domain).</summary>
    public string? HostedZoneName { get; init; }

    /// <summary>ACM certificate ARN covering <see cref="DomainName"/>, instead of requesting one.</summary>
    public string? CertificateArn { get; init; }

    /// <summary>RDS Multi-AZ (optional, off in the architecture's cost table).</summary>
    public bool MultiAz { get; init; }

    /// <summary>RDS storage encryption at rest (free; the security best practices ask for it).</summary>
    public bool StorageEncrypted { get; init; } = true;

    /// <summary>Run the services on Fargate Spot (one of the cost optimizations).</summary>
    public bool FargateSpot { get; init; }

    /// <summary>CloudWatch Logs retention of the service logs and the VPC flow logs, in days.</summary>
    public int LogRetentionDays { get; init; } = 30;

    /// <summary>VPC Flow Logs (all traffic) to CloudWatch Logs: on, as the security best practices ask.</summary>
    public bool FlowLogs { get; init; } = true;

    /// <summary>
    /// A CloudTrail trail (all regions, management events, log file validation) into an S3 bucket
    /// of this stack. Off by default: it is an account-level service, most accounts already have a
    /// trail (often an organization trail), and a second trail of the same events is billed.
    /// </summary>
    public bool CloudTrail { get; init; }

    /// <summary>
    /// An AWS Config recorder (all supported resources) with its delivery channel. Off by default:
    /// a region of an account holds one recorder only, so creating one fails where Config is
    /// already on, and it bills every configuration item it records.
    /// </summary>
    public bool AwsConfig { get; init; }

    /// <summary>
    /// When set (CI), the services run the images pushed to the stack's ECR repositories with this
    /// tag instead of image assets that <c>cdk deploy</c> builds.
    /// </summary>
    public string? ImageTag { get; init; }

    /// <summary>Usage a template cannot tell (GB of logs, data, …) for the cost estimate.</summary>
    public UsageAssumptions Usage { get; init; } = UsageAssumptions.Architecture;

    /// <summary>True when the load balancer serves HTTPS (a domain with a certificate).</summary>
    public bool UsesHttps => !string.IsNullOrEmpty(DomainName);

    /// <summary>Reads and validates the <c>Aws</c> section.</summary>
    public static AwsPublishOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(ConfigurationSection).Get<AwsPublishOptions>() ?? new AwsPublishOptions();
        options.Validate();
        return options;
    }

    public void Validate()
    {
        if (NatGateways is < 0 or > 2)
        {
            throw new InvalidOperationException($"Aws:NatGateways must be 0, 1 or 2 (one per public subnet at most); got {NatGateways}.");
        }

        if (!SupportedLogRetentionDays.Contains(LogRetentionDays))
        {
            throw new InvalidOperationException(
                $"Aws:LogRetentionDays must be one of {string.Join(", ", SupportedLogRetentionDays)}; got {LogRetentionDays}.");
        }

        if (CertificateArn is { Length: > 0 } arn && !arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Aws:CertificateArn must be an ACM certificate ARN (arn:aws:acm:…); got '{arn}'.");
        }

        var hasDomain = !string.IsNullOrEmpty(DomainName);
        if (!hasDomain && !string.IsNullOrEmpty(CertificateArn))
        {
            throw new InvalidOperationException(
                "Aws:CertificateArn needs Aws:DomainName: a certificate covers a name, and without one the public URL would be " +
                "the load balancer's own DNS name, which no certificate covers (the web's calls to the api would fail).");
        }

        if (!hasDomain && !string.IsNullOrEmpty(HostedZoneId))
        {
            throw new InvalidOperationException("Aws:HostedZoneId needs Aws:DomainName (the name to create in that zone).");
        }

        if (hasDomain && string.IsNullOrEmpty(HostedZoneId) && string.IsNullOrEmpty(CertificateArn))
        {
            throw new InvalidOperationException(
                $"Aws:DomainName '{DomainName}' needs Aws:HostedZoneId (a certificate is requested and validated in that Route 53 zone) " +
                "or Aws:CertificateArn (a certificate you already have for that name).");
        }

        if (hasDomain && DomainName!.Contains("://", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Aws:DomainName is a host name (app.example.com), not a URL; got '{DomainName}'.");
        }
    }
}
