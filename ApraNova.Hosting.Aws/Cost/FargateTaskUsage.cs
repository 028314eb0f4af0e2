namespace ApraNova.Hosting.Aws.Cost;

/// <param name="PublicIp">The tasks get a public IPv4 address (no NAT gateway).</param>
public sealed record FargateTaskUsage(string Name, int CpuUnits, int MemoryMiB, int Tasks, bool Spot, bool PublicIp);
