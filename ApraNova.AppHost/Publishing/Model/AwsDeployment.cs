namespace ApraNova.AppHost.Publishing.Model;

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
    FileSystemSpec? FileSystem,
    IReadOnlyList<ParameterSpec> Parameters)
{
    /// <summary>The service that answers everything no path pattern claims (the web front end).</summary>
    public FargateServiceSpec? DefaultRouteService => Services.SingleOrDefault(s => s.IsDefaultRoute);
}

/// <summary>One container image run as an ECS Fargate service behind the load balancer.</summary>
public sealed record FargateServiceSpec(
    string Name,
    ContainerImageSpec Image,
    int Cpu,
    int MemoryMiB,
    int ContainerPort,
    string HealthCheckPath,
    IReadOnlyList<string> PathPatterns,
    IReadOnlyDictionary<string, DeploymentValue> Environment,
    FileSystemMountSpec? FileSystemMount)
{
    /// <summary>A service without path patterns takes the load balancer's default action.</summary>
    public bool IsDefaultRoute => PathPatterns.Count == 0;
}

/// <summary>How the service's image is built: a .NET project or a Next.js standalone app.</summary>
public sealed record ContainerImageSpec(ContainerImageKind Kind, string SourcePath);

public enum ContainerImageKind
{
    /// <summary>A .NET project (path of its .csproj), published with `dotnet publish`.</summary>
    DotnetProject,

    /// <summary>A Next.js app folder with `output: "standalone"`.</summary>
    NextJsStandalone,
}

/// <summary>Where the files store is mounted inside the container and which variable names it.</summary>
public sealed record FileSystemMountSpec(string FileSystemName, string EnvironmentVariable, string ContainerPath);

public sealed record DatabaseSpec(string ServerName, string ResourceName, string DatabaseName);

public sealed record CacheSpec(string ResourceName);

public sealed record FileSystemSpec(string ResourceName);

/// <summary>An Aspire parameter the services read; secrets go to Secrets Manager.</summary>
public sealed record ParameterSpec(string Name, bool Secret, bool Generated, string? DefaultValue);

/// <summary>
/// A value an environment variable gets, before anything is known about AWS. The stack turns
/// each into a plain container environment value or an ECS secret.
/// </summary>
public abstract record DeploymentValue
{
    /// <summary>True when the value must travel as an ECS secret, never as plain text.</summary>
    public abstract bool IsSecret { get; }
}

public sealed record LiteralValue(string Value) : DeploymentValue
{
    public override bool IsSecret => false;
}

/// <summary>The connection string of a database or cache resource of the model.</summary>
public sealed record ConnectionStringValue(string ResourceName) : DeploymentValue
{
    // Database connection strings carry the password; cache ones do not (TLS, no AUTH token).
    public bool IsDatabase { get; init; }

    public override bool IsSecret => IsDatabase;
}

/// <summary>
/// One of the connection properties Aspire injects beside a connection string
/// (<c>APRANOVA_DB_HOST</c>, <c>REDIS_PORT</c>, …): <see cref="Property"/> is the suffix (HOST, PORT,
/// USERNAME, PASSWORD, DATABASENAME, URI, JDBCCONNECTIONSTRING).
/// </summary>
public sealed record ConnectionPropertyValue(string ResourceName, string Property, bool IsDatabase) : DeploymentValue
{
    public override bool IsSecret => IsDatabase && Property is "PASSWORD" or "URI";
}

/// <summary>A parameter of the model (configuration or secret).</summary>
public sealed record ParameterValue(string ParameterName, bool Secret) : DeploymentValue
{
    public override bool IsSecret => Secret;
}

/// <summary>
/// A reference to another service's endpoint. Every service sits behind the same public load
/// balancer (as in the seed, where the web calls the api through the ALB), so these all become
/// parts of the load balancer's address.
/// </summary>
public sealed record ServiceEndpointValue(string ServiceName, ServiceEndpointPart Part) : DeploymentValue
{
    public override bool IsSecret => false;
}

public enum ServiceEndpointPart
{
    Url,
    Host,
    Port,
    Scheme,
    HostAndPort,
}

/// <summary>Text with placeholders ({0}, {1}, …) filled by other values.</summary>
public sealed record CompositeValue(string Format, IReadOnlyList<DeploymentValue> Parts) : DeploymentValue
{
    public override bool IsSecret => Parts.Any(p => p.IsSecret);
}
