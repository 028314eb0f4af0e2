using ApraNova.FakeStripe;

namespace ApraNova.FakeStripe;

/// <summary>
/// A local stand-in for the few Stripe APIs ApraNova uses (Checkout sessions, payment intents,
/// refunds) plus a hosted Checkout page and signed webhook delivery, so development and tests
/// run the real Stripe.net library without the internet. Never deployed.
/// </summary>
public partial class Program
{
    public static void Main(string[] args) => CreateApp(args).Run();

    public static WebApplication CreateApp(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOptions<FakeStripeOptions>().BindConfiguration(FakeStripeOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient(WebhookDispatcher.HttpClientName);
        builder.Services.AddSingleton<WebhookDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<WebhookDispatcher>());
        builder.Services.AddSingleton<FakeStripeStore>();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never);

        var app = builder.Build();
        app.MapStripeApi();
        app.MapCheckoutPage();
        // Test and development aid, not a Stripe API: the events that concern one object.
        app.MapGet("/_fake/objects/{id}/events", (string id, FakeStripeStore store) =>
            Results.Json(store.EventsRelatedTo(id).Select(e => new { e.Id, e.Type, e.Created, e.Json })));
        app.MapGet("/", () => Results.Text("ApraNova fake Stripe: /v1/checkout/sessions, /v1/payment_intents, /v1/refunds, /checkout/{id}"));
        return app;
    }
}
