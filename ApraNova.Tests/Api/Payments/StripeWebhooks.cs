using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ApraNova.Tests.Api.Payments;

/// <summary>
/// Delivers Stripe events to the api signed exactly as Stripe signs them:
/// <c>Stripe-Signature: t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256(secret, "t.payload")&gt;</c>. Implemented
/// here independently of Stripe.net and of the fake, so the api's verification is really tested.
/// </summary>
public static class StripeWebhooks
{
    public static string Sign(string payload, string secret, DateTimeOffset timestamp)
    {
        var t = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var signature = Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{t}.{payload}"))).ToLowerInvariant();
        return $"t={t},v1={signature}";
    }

    public static Task<HttpResponseMessage> DeliverAsync(HttpClient api, string payload, string? signatureHeader)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/webhook")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        if (signatureHeader is not null)
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signatureHeader);
        return api.SendAsync(request);
    }

    public static Task<HttpResponseMessage> DeliverSignedAsync(HttpClient api, string payload, DateTimeOffset? at = null) =>
        DeliverAsync(api, payload, Sign(payload, FakeStripeFactory.WebhookSecret, at ?? DateTimeOffset.UtcNow));

    /// <summary>The events the fake recorded about a session (or payment intent, charge), oldest first.</summary>
    public static async Task<IReadOnlyList<RecordedEvent>> EventsAboutAsync(HttpClient fake, string objectId)
    {
        var events = await fake.GetFromJsonAsync<List<RecordedEvent>>($"/_fake/objects/{objectId}/events", new JsonSerializerOptions(JsonSerializerDefaults.Web));
        return events!;
    }

    public static async Task<string> OutcomeAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("outcome").GetString()!;
    }
}
