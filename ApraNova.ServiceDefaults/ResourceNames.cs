namespace ApraNova;

/// <summary>
/// Names of the resources in the distributed application. The AppHost, the Api (connection
/// string names) and the tests all use these, so a rename cannot silently break one of them.
/// </summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string Database = "apranova-db";
    public const string DatabaseName = "apranova_db";
    public const string Redis = "redis";
    public const string Files = "files";
    public const string Api = "api";
    public const string Web = "web";

    /// <summary>Container ports of the web and api services (docs/architecture.md, section 3).</summary>
    public const int ApiPort = 8000;
    public const int WebPort = 3000;
}
