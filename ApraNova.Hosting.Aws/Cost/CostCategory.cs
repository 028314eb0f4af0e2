namespace ApraNova.Hosting.Aws.Cost;

/// <summary>The sections of the estimate, in the original breakdown's order, then what we added.</summary>
public static class CostCategory
{
    public const string Compute = "Compute";
    public const string Database = "Database";
    public const string Networking = "Networking";
    public const string Storage = "Storage";
    public const string Monitoring = "Monitoring";
    public const string DataTransfer = "Data Transfer";
    public const string Security = "Security";
}
