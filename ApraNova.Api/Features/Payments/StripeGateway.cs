using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace ApraNova.Api.Features.Payments;

/// <summary>
/// The Stripe API calls the api makes, through the real Stripe.net library. Its HTTP goes
/// through the named <see cref="HttpClientName"/> client (telemetry, resilience; tests point it
/// at the fake Stripe), and its base URL comes from <see cref="StripeOptions.ApiBase"/>.
/// <para>
/// A singleton with one Stripe client: building one per call cost 3 % of the api's CPU under the
/// webhook benchmark (Stripe.net composes its user-agent string from the runtime's description
/// each time). The HTTP client it keeps is therefore long-lived, so the named client's handler
/// recycles its connections itself (<see cref="PaymentsFeature"/>) instead of through the factory.
/// </para>
/// </summary>
public sealed class StripeGateway(IHttpClientFactory httpClientFactory, IOptions<StripeOptions> options)
{
    public const string HttpClientName = "stripe";

    private IStripeClient? _client;

    private IStripeClient Client()
    {
        var settings = options.Value;
        if (!settings.IsConfigured) throw new PaymentsNotConfiguredException();
        // Two racing first calls may both build one; either is as good as the other.
        return _client ??= new StripeClient(new StripeClientOptions
        {
            ApiKey = settings.SecretKey,
            ApiBase = string.IsNullOrWhiteSpace(settings.ApiBase) ? null : settings.ApiBase.TrimEnd('/'),
            // Retries are the resilience handler's job (ServiceDefaults); idempotency keys make them safe.
            HttpClient = new SystemNetHttpClient(httpClientFactory.CreateClient(HttpClientName), maxNetworkRetries: 0, appInfo: null, enableTelemetry: false),
        });
    }

    public Task<Session> CreateCheckoutSessionAsync(SessionCreateOptions session, string idempotencyKey, CancellationToken cancellationToken) =>
        new SessionService(Client()).CreateAsync(session, new RequestOptions { IdempotencyKey = idempotencyKey }, cancellationToken);

    public Task<Session> GetCheckoutSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        new SessionService(Client()).GetAsync(sessionId, cancellationToken: cancellationToken);

    public Task<PaymentIntent> GetPaymentIntentAsync(string paymentIntentId, CancellationToken cancellationToken) =>
        new PaymentIntentService(Client()).GetAsync(paymentIntentId, cancellationToken: cancellationToken);

    public Task<Refund> RefundAsync(string paymentIntentId, Guid paymentId, CancellationToken cancellationToken) =>
        new RefundService(Client()).CreateAsync(
            new RefundCreateOptions
            {
                PaymentIntent = paymentIntentId,
                Reason = "requested_by_customer",
                Metadata = new Dictionary<string, string> { [PaymentMetadata.PaymentId] = paymentId.ToString() },
            },
            // One refund per payment, however many times an admin clicks.
            new RequestOptions { IdempotencyKey = $"refund-{paymentId}" },
            cancellationToken);
}

public sealed class PaymentsNotConfiguredException() : InvalidOperationException("Payments are not configured.");

/// <summary>Keys we put in Stripe metadata (session and payment intent) to find our ledger row again.</summary>
public static class PaymentMetadata
{
    public const string PaymentId = "payment_id";
    public const string TrackCode = "track_code";
    public const string UserId = "user_id";
}
