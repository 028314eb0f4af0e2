using ApraNova.Hosting.Aws.Cdk.Network;

namespace ApraNova.Hosting.Aws.Cdk.Edge;

/// <param name="DomainName">The application's host name, or null to serve HTTP on the load balancer's own name.</param>
/// <param name="HostedZoneId">Route 53 zone of <paramref name="DomainName"/>: DNS validation of a new certificate and the alias record.</param>
/// <param name="HostedZoneName">Name of that zone.</param>
/// <param name="CertificateArn">A certificate for <paramref name="DomainName"/> instead of requesting one.</param>
public sealed record EdgeProps(
    NetworkConstruct Network,
    string? DomainName,
    string? HostedZoneId,
    string? HostedZoneName,
    string? CertificateArn);
