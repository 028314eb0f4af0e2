using System.Data.Common;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// PostgreSQL running as a local process (process-mode twin of <see cref="PostgresServerResource"/>):
/// same connection string shape, so the api cannot tell the two apart.
/// </summary>
public sealed class ProcessPostgresServerResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";
    internal const string UserName = "postgres";

    private readonly Dictionary<string, string> _databases = new(StringComparer.OrdinalIgnoreCase);

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>Resource name → database name, created when the server is ready.</summary>
    public IReadOnlyDictionary<string, string> Databases => _databases;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={PasswordParameter}");

    internal void AddDatabase(string resourceName, string databaseName) => _databases.TryAdd(resourceName, databaseName);
}

/// <summary>A database on a <see cref="ProcessPostgresServerResource"/> (twin of <see cref="PostgresDatabaseResource"/>).</summary>
public sealed class ProcessPostgresDatabaseResource(string name, string databaseName, ProcessPostgresServerResource parent)
    : Resource(name), IResourceWithParent<ProcessPostgresServerResource>, IResourceWithConnectionString
{
    public ProcessPostgresServerResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var database = new DbConnectionStringBuilder { ["Database"] = DatabaseName };
            return ReferenceExpression.Create($"{Parent};{database.ToString()}");
        }
    }
}
