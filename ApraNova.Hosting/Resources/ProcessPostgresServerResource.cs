using Aspire.Hosting.ApplicationModel;

namespace ApraNova.Hosting.Resources;

/// <summary>
/// PostgreSQL running as a local process (process-mode twin of Aspire's <c>PostgresServerResource</c>):
/// same connection string shape, so the api cannot tell the two apart.
/// </summary>
public sealed class ProcessPostgresServerResource(string name, string command, string workingDirectory, ParameterResource password,
    string binDirectory, string dataDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";
    internal const string UserName = "postgres";

    private readonly Dictionary<string, string> _databases = new(StringComparer.OrdinalIgnoreCase);

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>Folder with the <c>postgres</c> and <c>initdb</c> binaries.</summary>
    public string BinDirectory { get; } = binDirectory;

    /// <summary>The cluster's data folder (<c>-D</c>).</summary>
    public string DataDirectory { get; } = dataDirectory;

    /// <summary>Resource name → database name, created when the server is ready.</summary>
    public IReadOnlyDictionary<string, string> Databases => _databases;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={PasswordParameter}");

    internal void AddDatabase(string resourceName, string databaseName) => _databases.TryAdd(resourceName, databaseName);
}
