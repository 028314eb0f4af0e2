namespace ApraNova.FakeStripe;

/// <summary>Bound from the <c>FakeStripe</c> section.</summary>
public sealed class FakeStripeOptions
{
    public const string Section = "FakeStripe";

    /// <summary>
    /// The secret key clients must present as <c>Authorization: Bearer</c>. Empty accepts any
    /// <c>sk_test_…</c> key, which is what tests that do not care about the key use.
    /// </summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Where events are POSTed (the api's <c>/api/payments/webhook</c>). Empty: events are only recorded.</summary>
    public string WebhookUrl { get; set; } = "";

    /// <summary>The endpoint signing secret (<c>whsec_…</c>) shared with the api.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>
    /// Browser-facing origin of this fake, used in Checkout session URLs. Empty: the origin the
    /// API request came in on, which is right whenever the api and the browser reach it the same way.
    /// </summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>Delivery attempts per event before giving up (Stripe retries for days; a fake need not).</summary>
    public int MaxDeliveryAttempts { get; set; } = 5;
}
