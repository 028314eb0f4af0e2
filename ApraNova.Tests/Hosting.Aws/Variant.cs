namespace ApraNova.Tests.Hosting.Aws;

/// <summary>
/// A publish configuration the proofs cover: a name and the <c>Aws</c> settings that make it
/// (what a user passes as <c>--Aws:Key value</c>).
/// </summary>
public sealed record Variant(string Name, IReadOnlyDictionary<string, string> Settings)
{
    public const string ExampleCertificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000";
    public const string ExampleDomain = "learn.example.com";
    public const string ExampleHostedZoneId = "Z0123456789EXAMPLE";

    public static Variant Defaults { get; } = new("defaults", new Dictionary<string, string>());
    public static Variant NoNatGateway { get; } = new("nat-gateways-0", new Dictionary<string, string> { ["NatGateways"] = "0" });
    public static Variant DomainWithHostedZone { get; } = new("domain-hosted-zone", new Dictionary<string, string>
    {
        ["DomainName"] = ExampleDomain, ["HostedZoneId"] = ExampleHostedZoneId, ["HostedZoneName"] = "example.com",
    });
    public static Variant DomainWithCertificate { get; } = new("domain-certificate", new Dictionary<string, string>
    {
        ["DomainName"] = ExampleDomain, ["CertificateArn"] = ExampleCertificateArn,
    });
    public static Variant MultiAz { get; } = new("multi-az", new Dictionary<string, string> { ["MultiAz"] = "true" });
    public static Variant FargateSpot { get; } = new("fargate-spot", new Dictionary<string, string> { ["FargateSpot"] = "true" });
    public static Variant ImageTag { get; } = new("image-tag", new Dictionary<string, string> { ["ImageTag"] = "0123456789abcdef" });
    public static Variant Audit { get; } = new("cloudtrail-config", new Dictionary<string, string> { ["CloudTrail"] = "true", ["AwsConfig"] = "true" });

    public static IReadOnlyList<Variant> All { get; } =
        [Defaults, NoNatGateway, DomainWithHostedZone, DomainWithCertificate, MultiAz, FargateSpot, ImageTag, Audit];

    /// <summary>xunit theory data: one row per variant name.</summary>
    public static TheoryData<string> Names => [.. All.Select(v => v.Name)];

    public static Variant Named(string name) => All.Single(v => v.Name == name);

    public override string ToString() => Name;
}
