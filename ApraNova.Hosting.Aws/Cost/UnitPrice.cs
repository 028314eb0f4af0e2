namespace ApraNova.Hosting.Aws.Cost;

/// <summary>A unit price (USD, us-east-1), what it is per, and where it comes from.</summary>
public sealed record UnitPrice(decimal Amount, string Unit, string Source);
