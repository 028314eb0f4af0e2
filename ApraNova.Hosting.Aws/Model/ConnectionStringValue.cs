namespace ApraNova.Hosting.Aws.Model;

/// <summary>The connection string of a database or cache resource of the model.</summary>
public sealed record ConnectionStringValue(string ResourceName, DataStoreKind Store) : DeploymentValue
{
    /// <summary>Both carry a password (the database's, the cache's auth token).</summary>
    public override bool IsSecret => true;
}
