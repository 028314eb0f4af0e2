using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace ApraNova.FakeStripe;

/// <summary>
/// Delivers recorded events to the webhook URL in the background, signed with the endpoint
/// secret at send time (like Stripe, a retry carries a fresh timestamp). Failed deliveries are
/// retried with a growing delay; as with Stripe, retries can overtake later events, so the
/// receiver sees out-of-order deliveries for real.
/// </summary>
public sealed class WebhookDispatcher(
    IHttpClientFactory httpClientFactory,
    IOptions<FakeStripeOptions> options,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    private readonly Channel<(StripeEvent Event, int Attempt)> _queue =
        Channel.CreateUnbounded<(StripeEvent, int)>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(StripeEvent stripeEvent)
    {
        if (string.IsNullOrEmpty(options.Value.WebhookUrl))
        {
            logger.LogInformation("Recorded {Type} {EventId}; no webhook URL configured, not delivered", stripeEvent.Type, stripeEvent.Id);
            return;
        }
        _queue.Writer.TryWrite((stripeEvent, 1));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (stripeEvent, attempt) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            if (await DeliverAsync(stripeEvent, attempt, stoppingToken)) continue;
            if (attempt >= options.Value.MaxDeliveryAttempts)
            {
                logger.LogWarning("Giving up on {Type} {EventId} after {Attempts} attempts", stripeEvent.Type, stripeEvent.Id, attempt);
                continue;
            }
            var delay = TimeSpan.FromMilliseconds(500 * Math.Pow(2, attempt - 1));
            _ = Task.Delay(delay, clock, stoppingToken).ContinueWith(
                _ => _queue.Writer.TryWrite((stripeEvent, attempt + 1)),
                CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    private async Task<bool> DeliverAsync(StripeEvent stripeEvent, int attempt, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, settings.WebhookUrl)
            {
                Content = new StringContent(stripeEvent.Json, Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Stripe-Signature",
                StripeSignature.Header(stripeEvent.Json, settings.WebhookSecret, clock.GetUtcNow()));
            request.Headers.UserAgent.ParseAdd("Stripe/1.0 (+https://stripe.com/docs/webhooks)");

            using var response = await httpClientFactory.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            logger.LogInformation("Delivered {Type} {EventId} (attempt {Attempt}): {Status}",
                stripeEvent.Type, stripeEvent.Id, attempt, (int)response.StatusCode);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Delivering {Type} {EventId} failed (attempt {Attempt})", stripeEvent.Type, stripeEvent.Id, attempt);
            return false;
        }
    }
}
