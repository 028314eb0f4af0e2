using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApraNova.AppHost.Payments;
using ApraNova.Tests.Infrastructure;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace ApraNova.Tests.AppHost.Payments;

/// <summary>
/// The AppHost's development wiring, for real: the api and the fake Stripe run as processes on
/// their own ports, the api's Stripe.net calls the fake over HTTP and the fake's signed webhooks
/// come back over HTTP. Checks what only the running model can show (endpoint references both
/// ways, the shared generated webhook secret, a browser-reachable Checkout URL). Runs on the
/// shared whole application of <see cref="AppHostFixture"/>.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class CheckoutUnderAppHostTests(AppHostFixture fixture)
{
    [Fact]
    public async Task A_visitor_pays_on_the_fake_Checkout_page_and_the_api_records_the_payment()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var app = fixture.App;
        try
        {
            using var apiClient = app.CreateHttpClient(ResourceNames.Api, "http");
            var checkout = await apiClient.PostAsJsonAsync("/api/payments/checkout", new { trackCode = "DP" }, timeout.Token);
            Assert.True(checkout.IsSuccessStatusCode, await checkout.Content.ReadAsStringAsync(timeout.Token));
            var body = await checkout.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
            var url = new Uri(body.GetProperty("url").GetString()!);
            var sessionId = body.GetProperty("sessionId").GetString()!;

            // The URL the api hands out is the fake's own endpoint: a browser on this machine can open it.
            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            Assert.Contains("Pay", await browser.GetStringAsync(url, timeout.Token));
            var paid = await browser.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = $"apphost-buyer-{Guid.NewGuid():N}@test.apranova.dev",
                ["action"] = "pay",
            }), timeout.Token);
            Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);

            // The fake's webhook (signed with the secret the AppHost generated for both) is applied:
            // poll until the api says so, for as long as the test's own (generous) timeout allows.
            string? status = null;
            while (status != "paid" && !timeout.IsCancellationRequested)
            {
                var state = await apiClient.GetFromJsonAsync<JsonElement>($"/api/payments/session/{sessionId}", timeout.Token);
                status = state.GetProperty("status").GetString();
                if (status != "paid")
                {
                    await Task.Delay(250, timeout.Token);
                }
            }
            Assert.Equal("paid", status);
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            var logs = await TestTools.ResourceLogsAsync(app, [ResourceNames.Api, StripeExtensions.FakeStripeResource]);
            throw new InvalidOperationException($"{ex.Message}\n{logs}", ex);
        }
    }
}
