using ApraNova.AppHost.Payments;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace ApraNova.Tests.AppHost.Payments;

/// <summary>How the AppHost gives the api its Stripe configuration (model only; nothing is started).</summary>
public sealed class StripeWiringTests
{
    [Fact]
    public async Task Run_mode_without_a_key_runs_the_fake_Stripe_and_points_the_api_at_it()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ApraNova_AppHost>(
            ["--Parameters:stripe-secret-key="]);

        var fake = Assert.IsType<ProjectResource>(builder.Resources.Single(r => r.Name == StripeExtensions.FakeStripeResource), exactMatch: false);
        Assert.DoesNotContain(builder.Resources, r => r.Name == StripeExtensions.SecretKeyParameter);

        var api = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == ResourceNames.Api);
        Assert.Contains(api.Annotations.OfType<WaitAnnotation>(), w => w.Resource == fake);

        var apiEnvironment = await EnvironmentOfAsync(api);
        Assert.StartsWith("sk_test_fake_", apiEnvironment["Stripe__SecretKey"]);
        Assert.StartsWith("whsec_", apiEnvironment["Stripe__WebhookSecret"]);
        var fakeEnvironment = await EnvironmentOfAsync(fake);
        // The fake signs its webhooks with the very secret the api verifies them with.
        Assert.Equal(apiEnvironment["Stripe__WebhookSecret"], fakeEnvironment["FakeStripe__WebhookSecret"]);
        Assert.Equal(apiEnvironment["Stripe__SecretKey"], fakeEnvironment["FakeStripe__ApiKey"]);
    }

    [Fact]
    public async Task With_a_real_key_the_api_gets_the_secret_parameters_and_no_fake_runs()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ApraNova_AppHost>(
        [
            "--Parameters:stripe-secret-key=sk_test_real_looking",
            "--Parameters:stripe-webhook-secret=whsec_real_looking",
            "--Parameters:stripe-publishable-key=pk_test_real_looking",
        ]);

        Assert.DoesNotContain(builder.Resources, r => r.Name == StripeExtensions.FakeStripeResource);
        foreach (var name in new[] { StripeExtensions.SecretKeyParameter, StripeExtensions.WebhookSecretParameter, StripeExtensions.PublishableKeyParameter })
            Assert.True(Assert.IsType<ParameterResource>(builder.Resources.Single(r => r.Name == name)).Secret, name);

        var api = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == ResourceNames.Api);
        var environment = await EnvironmentOfAsync(api);
        Assert.Equal("sk_test_real_looking", environment["Stripe__SecretKey"]);
        Assert.Equal("whsec_real_looking", environment["Stripe__WebhookSecret"]);
        Assert.Equal("pk_test_real_looking", environment["Stripe__PublishableKey"]);
        Assert.False(environment.ContainsKey("Stripe__ApiBase"));
    }

    /// <summary>The resource's literal environment values (references to endpoints are skipped: nothing runs here).</summary>
    private static async Task<Dictionary<string, string>> EnvironmentOfAsync(IResource resource)
    {
        var values = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), resource, values);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
            await callback.Callback(context);
        var result = new Dictionary<string, string>();
        foreach (var (key, value) in values)
        {
            switch (value)
            {
                case string text: result[key] = text; break;
                case ParameterResource parameter: result[key] = (await parameter.GetValueAsync(CancellationToken.None))!; break;
            }
        }
        return result;
    }
}
