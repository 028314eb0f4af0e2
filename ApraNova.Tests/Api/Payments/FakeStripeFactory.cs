using ApraNova.FakeStripe;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ApraNova.Tests.Api.Payments;

/// <summary>
/// The fake Stripe in-process. It POSTs its signed webhooks through <paramref name="webhookHandler"/>
/// (the api's test server), the same way it would over the network.
/// </summary>
public sealed class FakeStripeFactory(Func<HttpMessageHandler> webhookHandler) : WebApplicationFactory<ApraNova.FakeStripe.Program>
{
    public const string ApiKey = "sk_test_apranova_payments_tests";
    public const string WebhookSecret = "whsec_apranova_payments_tests_0123456789abcdef";
    /// <summary>Any host works: requests go to the test servers' handlers, never to the network.</summary>
    public const string BaseUrl = "http://fake-stripe.test";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("FakeStripe:ApiKey", ApiKey);
        builder.UseSetting("FakeStripe:WebhookSecret", WebhookSecret);
        builder.UseSetting("FakeStripe:WebhookUrl", "http://api.test/api/payments/webhook");
        builder.UseSetting("FakeStripe:PublicUrl", BaseUrl);
        builder.ConfigureTestServices(services =>
            services.AddHttpClient(WebhookDispatcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(webhookHandler));
    }

    /// <summary>A browser-like client for the hosted Checkout page (redirects are asserted, not followed).</summary>
    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri(BaseUrl) });
}
