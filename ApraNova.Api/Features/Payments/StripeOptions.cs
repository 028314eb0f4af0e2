namespace ApraNova.Api.Features.Payments;

/// <summary>
/// Bound from the <c>Stripe</c> section (<c>Stripe__SecretKey</c>, <c>Stripe__WebhookSecret</c>,
/// <c>Stripe__PublishableKey</c> are secret Aspire parameters / ECS secrets). Missing keys are not
/// an error: the api runs without payments and checkout says so.
/// </summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    public string SecretKey { get; set; } = "";
    public string WebhookSecret { get; set; } = "";
    public string PublishableKey { get; set; } = "";

    /// <summary>Base URL of the Stripe API; set to the local fake Stripe in development and tests.</summary>
    public string? ApiBase { get; set; }

    /// <summary>Seconds a webhook signature stays valid (Stripe's recommended 5 minutes: replay protection).</summary>
    public long WebhookToleranceSeconds { get; set; } = 300;

    /// <summary>
    /// True when both keys look like Stripe's (sk_/rk_ secret or restricted keys, whsec_ webhook
    /// secrets). Anything else, e.g. the placeholder the AWS stack stores until an operator sets
    /// the real keys, means "not configured", never a call to Stripe with a key that cannot work.
    /// </summary>
    public bool IsConfigured =>
        (SecretKey.StartsWith("sk_", StringComparison.Ordinal) || SecretKey.StartsWith("rk_", StringComparison.Ordinal))
        && WebhookSecret.StartsWith("whsec_", StringComparison.Ordinal);
}
