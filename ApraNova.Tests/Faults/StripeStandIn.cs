using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ApraNova.Api.Features.Payments;
using ApraNova.Tests.Api.Payments;
using Microsoft.AspNetCore.Builder;

namespace ApraNova.Tests.Faults;

/// <summary>
/// The fake Stripe (<c>tools/FakeStripe</c>) on a real loopback socket, which api processes call
/// as they would call Stripe. Payments are made on its hosted page with their webhooks held back;
/// the test then delivers them itself, as Stripe does: signed, retried until a 2xx, some twice.
/// </summary>
public sealed class StripeStandIn : IAsyncDisposable
{
    public const string ApiKey = "sk_test_apranova_fault_tests";
    public const string WebhookSecret = "whsec_apranova_fault_tests_0123456789abcdef";

    /// <summary>The event types the api acts on (and so records as processed); the others are acknowledged and dropped.</summary>
    public static readonly HashSet<string> HandledTypes =
        ["checkout.session.completed", "checkout.session.async_payment_succeeded", "checkout.session.async_payment_failed",
         "checkout.session.expired", "payment_intent.succeeded", "payment_intent.payment_failed", "charge.refunded"];

    private readonly WebApplication _app;
    private readonly HttpClient _browser;

    private StripeStandIn(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        _browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Address { get; }

    /// <summary>What the api needs to use this Stripe (configuration keys).</summary>
    public IReadOnlyDictionary<string, string> ApiSettings => new Dictionary<string, string>
    {
        ["Stripe:SecretKey"] = ApiKey,
        ["Stripe:WebhookSecret"] = WebhookSecret,
        ["Stripe:PublishableKey"] = "pk_test_apranova_fault_tests",
        ["Stripe:ApiBase"] = Address.ToString().TrimEnd('/'),
    };

    public static async Task<StripeStandIn> StartAsync()
    {
        var app = ApraNova.FakeStripe.Program.CreateApp(
        [
            "--urls", "http://127.0.0.1:0",
            $"--FakeStripe:ApiKey={ApiKey}",
            $"--FakeStripe:WebhookSecret={WebhookSecret}",
            "--Logging:LogLevel:Default=Warning",
            // Its webhook dispatcher reports the cancellation of its own shutdown as an error.
            "--Logging:LogLevel:Microsoft.Extensions.Hosting=None",
        ]);
        await app.StartAsync();
        return new StripeStandIn(app, new Uri(app.Urls.First()));
    }

    /// <summary>
    /// A visitor's purchase of <paramref name="trackCode"/> as <paramref name="email"/>: checkout
    /// through the api, paid on the hosted page with the webhooks held. Returns the session and
    /// the events Stripe would now deliver.
    /// </summary>
    public async Task<(string SessionId, IReadOnlyList<RecordedEvent> Events)> PayAsync(HttpClient api, string trackCode, string email)
    {
        var checkout = await api.PostAsJsonAsync("/api/payments/checkout", new { trackCode });
        Assert.True(checkout.StatusCode == HttpStatusCode.OK, $"checkout: {(int)checkout.StatusCode} {await checkout.Content.ReadAsStringAsync()}");
        var session = (await checkout.Content.ReadFromJsonAsync<CheckoutResponse>())!;
        var pay = await _browser.PostAsync($"{new Uri(session.Url).AbsolutePath}?webhooks=hold",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["action"] = "pay", ["name"] = "Fault Buyer", ["email"] = email }));
        Assert.True((int)pay.StatusCode is >= 300 and < 400, $"paying {session.SessionId}: {(int)pay.StatusCode} {await pay.Content.ReadAsStringAsync()}");
        var events = await _browser.GetFromJsonAsync<List<RecordedEvent>>($"/_fake/objects/{session.SessionId}/events", new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.NotNull(events);
        Assert.Contains(events, e => e.Type == "checkout.session.completed");
        return (session.SessionId, events);
    }

    /// <summary>A delivery of <paramref name="stripeEvent"/> signed now, as Stripe signs it.</summary>
    public static HttpRequestMessage Delivery(RecordedEvent stripeEvent)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/webhook")
        {
            Content = new StringContent(stripeEvent.Json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeWebhooks.Sign(stripeEvent.Json, WebhookSecret, DateTimeOffset.UtcNow));
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        _browser.Dispose();
        await _app.DisposeAsync();
    }
}
