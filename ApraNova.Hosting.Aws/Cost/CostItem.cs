namespace ApraNova.Hosting.Aws.Cost;

/// <summary>
/// A group of lines (one service, the database, the NAT gateway, …). <paramref name="InOriginalBreakdown"/>
/// marks the items the architecture's original cost breakdown has; the others are what we added.
/// </summary>
public sealed record CostItem(string Category, string Name, IReadOnlyList<CostLine> Lines, bool InOriginalBreakdown = true)
{
    public decimal Total => Lines.Sum(l => l.Amount);
}
