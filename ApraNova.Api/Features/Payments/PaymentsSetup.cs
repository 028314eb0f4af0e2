using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ApraNova.Api.Features.Payments;

/// <summary>Wires payments with one line each in Program.cs.</summary>
public static class PaymentsSetup
{
    public static WebApplicationBuilder AddPayments(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.Section);
        builder.Services.AddHttpClient(StripeGateway.HttpClientName);
        builder.Services.AddScoped<StripeGateway>();
        builder.Services.AddScoped<StripeWebhookProcessor>();
        builder.Services.AddScoped<PaymentEmails>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    public static WebApplication MapPaymentsApi(this WebApplication app)
    {
        app.MapCheckoutApi();
        app.MapAdminPaymentsApi();
        return app;
    }
}
