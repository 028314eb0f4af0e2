namespace ApraNova.Hosting.Aws.Model;

/// <summary>
/// What the Aspire model asks AWS for, with nothing of CDK in it. The mapper fills it from the
/// application model; the CDK stack and the cost estimate are both computed from it, so they
/// can never disagree about what exists.
/// </summary>
public sealed record AwsDeployment(
    string Name,
    IReadOnlyList<FargateServiceSpec> Services,
    DatabaseSpec? Database,
    CacheSpec? Cache,
    IReadOnlyList<FileSystemSpec> FileSystems,
    IReadOnlyList<ParameterSpec> Parameters)
{
    /// <summary>The service that answers everything no path pattern claims (the web front end).</summary>
    public FargateServiceSpec? DefaultRouteService => Services.SingleOrDefault(s => s.IsDefaultRoute);
}
