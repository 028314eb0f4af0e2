namespace ApraNova.Api.Features.Receipts;

/// <summary>
/// Receipts: every received payment gets a receipt and every refund a credit note
/// (<see cref="ReceiptIssuer"/>, run in the background), emailed to the buyer and downloadable as
/// PDF from their payment history under <c>/api/receipts</c>. Seller details and tax come from
/// the <c>Receipts</c> configuration (<see cref="ReceiptOptions"/>).
/// </summary>
public static class ReceiptsFeature
{
    public static IHostApplicationBuilder AddReceipts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReceiptOptions>().BindConfiguration(ReceiptOptions.Section)
            .Validate(o => o.TaxRatePercent is >= 0 and < 100, "Receipts:TaxRatePercent must be between 0 and 100.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.SellerName), "Receipts:SellerName is required (it is printed on every receipt).")
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Receipts:PollInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddScoped<ReceiptIssuer>();
        builder.Services.AddHostedService<ReceiptIssuingService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapReceiptsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/receipts").WithTags("Receipts")
            .RequireAuthorization()
            .MapReceiptEndpoints();
        return routes;
    }
}
