namespace ApraNova.Hosting.Aws.Model;

/// <summary>The data stores a connection value can point at.</summary>
public enum DataStoreKind
{
    Database,
    Cache,
}
