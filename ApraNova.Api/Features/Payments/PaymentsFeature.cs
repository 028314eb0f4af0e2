using ApraNova.Api.Infrastructure.Security;

namespace ApraNova.Api.Features.Payments;

/// <summary>
/// Payments: buying a track through Stripe Checkout, Stripe's signed webhooks applied exactly
/// once (<see cref="StripeWebhookProcessor"/>) and the status the success page shows, under
/// <c>/api/payments</c>; the ledger and refunds for staff under <c>/api/admin/payments</c>.
/// </summary>
public static class PaymentsFeature
{
    public static IHostApplicationBuilder AddPayments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.Section);
        // StripeGateway keeps one client for the process: its connections are recycled by the
        // handler (DNS changes are seen within minutes), not by replacing the handler.
        builder.Services.AddHttpClient(StripeGateway.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<StripeGateway>();
        builder.Services.AddScoped<StripeWebhookProcessor>();
        builder.Services.AddScoped<PaymentEmails>();
        builder.Services.AddHostedService<AbandonedCheckoutSweeper>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/payments").WithTags("Payments")
            .MapCheckoutEndpoints();
        routes.MapGroup("/api/admin/payments").WithTags("Admin: payments")
            .RequireAuthorization(AuthorizationPolicies.Staff)
            .MapPaymentAdminEndpoints();
        return routes;
    }
}
