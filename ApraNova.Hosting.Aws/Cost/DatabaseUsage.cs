namespace ApraNova.Hosting.Aws.Cost;

public sealed record DatabaseUsage(string InstanceClass, int StorageGb, string StorageType, bool MultiAz);
