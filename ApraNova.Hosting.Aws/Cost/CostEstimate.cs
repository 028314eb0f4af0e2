namespace ApraNova.Hosting.Aws.Cost;

public sealed record CostEstimate(string Configuration, IReadOnlyList<CostItem> Items)
{
    /// <summary>The sum of the printed (rounded) lines, so the report always adds up.</summary>
    public decimal Total => Items.Sum(i => i.Total);

    /// <summary>The items the original breakdown has (its $116.52 for the original configuration).</summary>
    public decimal OriginalItemsTotal => Items.Where(i => i.InOriginalBreakdown).Sum(i => i.Total);

    public decimal CategoryTotal(string category) => Items.Where(i => i.Category == category).Sum(i => i.Total);
}
