namespace ApraNova.Tests.Rehearsal;

/// <summary>
/// What the rehearsal puts where AWS has a resource: the values a synthesized template's
/// references resolve to on this machine.
/// </summary>
/// <param name="DatabaseHost">RDS endpoint address (the local PostgreSQL's).</param>
/// <param name="DatabasePort">RDS endpoint port.</param>
/// <param name="DatabasePassword">The master password RDS generates into its secret.</param>
/// <param name="CacheHost">ElastiCache primary endpoint address (the template fixes the port, 6379).</param>
/// <param name="CacheAuthToken">The auth token the stack generates into its secret.</param>
/// <param name="LoadBalancerDnsName">The ALB's DNS name: the front door's host:port.</param>
/// <param name="OperatorSecrets">Secrets an operator fills in after the first deploy (the Stripe keys), by secret name.</param>
public sealed record StandIns(
    string DatabaseHost,
    int DatabasePort,
    string DatabasePassword,
    string CacheHost,
    string CacheAuthToken,
    string LoadBalancerDnsName,
    IReadOnlyDictionary<string, string> OperatorSecrets)
{
    public string Region { get; init; } = "us-east-1";
    public string AccountId { get; init; } = "123456789012";
}
