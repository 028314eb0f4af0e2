namespace ApraNova.Hosting.Aws.Cost;

public sealed record CacheUsage(string NodeType, int Nodes);
