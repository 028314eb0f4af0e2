namespace ApraNova.Hosting.Aws.Cost;

/// <summary>A priced line: how it was computed (quantity × unit price) and its amount in dollars.</summary>
public sealed record CostLine(string Description, string Computation, decimal Amount);
