namespace ApraNova.Api.Features.Receipts;

/// <summary>
/// Bound from <c>Receipts</c>: who sells (printed on every receipt) and the tax in the price.
/// Prices are tax-inclusive: a receipt splits the amount paid into net and tax at
/// <see cref="TaxRatePercent"/> (0: no tax line is charged).
/// </summary>
public sealed class ReceiptOptions
{
    public const string Section = "Receipts";

    public string SellerName { get; set; } = "ApraNova";
    /// <summary>Postal address; lines separated by newlines.</summary>
    public string SellerAddress { get; set; } = "";
    /// <summary>VAT or other tax registration number, when the seller has one.</summary>
    public string? SellerTaxId { get; set; }
    public string? SellerEmail { get; set; }
    public decimal TaxRatePercent { get; set; }
    public string TaxLabel { get; set; } = "VAT";
    /// <summary>How often a worker looks for payments that still need a receipt or a credit note.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
}
