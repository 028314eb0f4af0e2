namespace ApraNova.Hosting.Aws.Model;

/// <summary>
/// One of the connection properties Aspire injects beside a connection string
/// (<c>APRANOVA_DB_HOST</c>, <c>REDIS_PORT</c>, …): <see cref="Property"/> is the suffix (HOST, PORT,
/// USERNAME, PASSWORD, DATABASENAME, URI, JDBCCONNECTIONSTRING).
/// </summary>
public sealed record ConnectionPropertyValue(string ResourceName, DataStoreKind Store, string Property) : DeploymentValue
{
    /// <summary>Properties that contain the password.</summary>
    public override bool IsSecret => Property is "PASSWORD" or "URI";
}
