using System.Security.Cryptography;

namespace ApraNova.AppHost.Payments;

/// <summary>
/// Stripe for the api. With real keys (always when publishing, and in run mode when
/// <c>Parameters:stripe-secret-key</c> is set, e.g. in user secrets) the three secret parameters
/// become <c>Stripe__SecretKey</c>, <c>Stripe__WebhookSecret</c> and <c>Stripe__PublishableKey</c>.
/// In run mode without a key, the local fake Stripe runs beside the api: the api's Stripe.net
/// talks to it through <c>Stripe__ApiBase</c>, and it signs the webhooks it sends back to the api
/// with a webhook secret generated for this run, so checkout works end to end offline.
/// </summary>
public static class StripeExtensions
{
    public const string SecretKeyParameter = "stripe-secret-key";
    public const string WebhookSecretParameter = "stripe-webhook-secret";
    public const string PublishableKeyParameter = "stripe-publishable-key";
    public const string FakeStripeResource = "stripe-fake";

    public static IResourceBuilder<ProjectResource> WithStripe(this IResourceBuilder<ProjectResource> api)
    {
        var builder = api.ApplicationBuilder;
        var hasRealKey = !string.IsNullOrWhiteSpace(builder.Configuration[$"Parameters:{SecretKeyParameter}"]);

        if (builder.ExecutionContext.IsPublishMode || hasRealKey)
        {
            var secretKey = builder.AddParameter(SecretKeyParameter, secret: true);
            var webhookSecret = builder.AddParameter(WebhookSecretParameter, secret: true);
            var publishableKey = builder.AddParameter(PublishableKeyParameter, secret: true);
            return api
                .WithEnvironment("Stripe__SecretKey", secretKey)
                .WithEnvironment("Stripe__WebhookSecret", webhookSecret)
                .WithEnvironment("Stripe__PublishableKey", publishableKey);
        }

        // Fresh per run: nothing to keep secret (it is a fake), but nothing fixed in the repo either.
        var apiKey = "sk_test_fake_" + RandomNumberGenerator.GetHexString(24, lowercase: true);
        var webhookSigningSecret = "whsec_" + RandomNumberGenerator.GetHexString(32, lowercase: true);

        var fake = builder.AddProject<Projects.ApraNova_FakeStripe>(FakeStripeResource)
            .WithEnvironment("FakeStripe__ApiKey", apiKey)
            .WithEnvironment("FakeStripe__WebhookSecret", webhookSigningSecret)
            .WithEnvironment("FakeStripe__WebhookUrl", ReferenceExpression.Create($"{api.GetEndpoint("http")}/api/payments/webhook"))
            .WithHttpHealthCheck("/");

        return api
            .WithEnvironment("Stripe__ApiBase", fake.GetEndpoint("http"))
            .WithEnvironment("Stripe__SecretKey", apiKey)
            .WithEnvironment("Stripe__WebhookSecret", webhookSigningSecret)
            .WithEnvironment("Stripe__PublishableKey", "pk_test_fake")
            .WaitFor(fake);
    }
}
