using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApraNova.Api.Features.Payments;
using ApraNova.Api.Features.Users;

namespace ApraNova.Tests.Api.Payments;

[Collection(PaymentsCollection.Name)]
public sealed class AdminPaymentsTests(PaymentsFixture fixture)
{
    [Fact]
    public async Task The_ledger_filters_by_state_track_and_date_with_totals()
    {
        await fixture.AddTrainerWithFreeSeatsAsync("DP");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var api = fixture.CreateApiClient();
        var (paidUrl, paidSession) = await fixture.StartCheckoutAsync(api, "DP");
        await fixture.PayAsync(paidUrl, PaymentsFixture.NewEmail());
        var (failedUrl, failedSession) = await fixture.StartCheckoutAsync(api, "DP");
        await fixture.PayAsync(failedUrl, PaymentsFixture.NewEmail(), declineCard: true);
        // A decline is final only once the Checkout page has expired.
        Assert.True((await fixture.StripeApi.PostAsync($"/v1/checkout/sessions/{failedSession}/expire", null)).IsSuccessStatusCode);
        var (_, pendingSession) = await fixture.StartCheckoutAsync(api, "FSD");
        await fixture.WaitForPaymentAsync(paidSession, PaymentState.Paid);
        await fixture.WaitForPaymentAsync(failedSession, PaymentState.Failed);
        var until = DateTimeOffset.UtcNow.AddSeconds(1);

        var admin = await fixture.CreateClientAsAsync(Roles.Admin);
        var window = $"from={Uri.EscapeDataString(since.ToString("O"))}&to={Uri.EscapeDataString(until.ToString("O"))}";

        var all = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/payments?{window}");
        var sessions = all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("stripeSessionId").GetString()).ToList();
        Assert.Contains(paidSession, sessions);
        Assert.Contains(failedSession, sessions);
        Assert.Contains(pendingSession, sessions);

        var paidOnly = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/payments?state=paid&track=dp&{window}");
        Assert.All(paidOnly.GetProperty("items").EnumerateArray(), i =>
        {
            Assert.Equal("paid", i.GetProperty("state").GetString());
            Assert.Equal("DP", i.GetProperty("trackCode").GetString());
        });
        Assert.Contains(paidOnly.GetProperty("items").EnumerateArray(), i => i.GetProperty("stripeSessionId").GetString() == paidSession);
        var totals = Assert.Single(paidOnly.GetProperty("totals").EnumerateArray());
        var paidCount = paidOnly.GetProperty("total").GetInt32();
        Assert.Equal(paidCount, totals.GetProperty("paidCount").GetInt32());
        Assert.Equal(paidCount * 49900L, totals.GetProperty("paidCents").GetInt64());

        var fsdPending = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/payments?state=pending&track=FSD&{window}");
        // Other payment tests run at the same time on the same database: the window may hold
        // their checkouts too, so assert on this test's session and on the filter's meaning.
        Assert.Contains(fsdPending.GetProperty("items").EnumerateArray(), i => i.GetProperty("stripeSessionId").GetString() == pendingSession);
        Assert.All(fsdPending.GetProperty("items").EnumerateArray(), i =>
        {
            Assert.Equal("pending", i.GetProperty("state").GetString());
            Assert.Equal("FSD", i.GetProperty("trackCode").GetString());
        });
        Assert.DoesNotContain(fsdPending.GetProperty("items").EnumerateArray(), i => i.GetProperty("stripeSessionId").GetString() == paidSession);

        var later = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/payments?from={Uri.EscapeDataString(until.AddMinutes(1).ToString("O"))}");
        Assert.Equal(0, later.GetProperty("total").GetInt32());

        var badState = await admin.GetAsync("/api/admin/payments?state=lost");
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.True((await badState.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("state", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/api/admin/payments?from={Uri.EscapeDataString(until.ToString("O"))}&to={Uri.EscapeDataString(since.ToString("O"))}")).StatusCode);
    }

    [Fact]
    public async Task Only_staff_see_the_ledger_and_refund()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.CreateApiClient().GetAsync("/api/admin/payments")).StatusCode);
        var (student, _, _) = await fixture.SignUpStudentAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await student.GetAsync("/api/admin/payments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await student.PostAsync($"/api/admin/payments/{Guid.NewGuid()}/refund", null)).StatusCode);
        var trainer = await fixture.CreateClientAsAsync(Roles.Trainer);
        Assert.Equal(HttpStatusCode.Forbidden, (await trainer.GetAsync("/api/admin/payments")).StatusCode);

        var admin = await fixture.CreateClientAsAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/admin/payments/{Guid.NewGuid()}/refund", null)).StatusCode);
    }

    [Fact]
    public async Task A_pending_payment_cannot_be_refunded()
    {
        var (_, sessionId) = await fixture.StartCheckoutAsync(fixture.CreateApiClient(), "DP");
        var payment = await fixture.WaitForPaymentAsync(sessionId, PaymentState.Pending);
        var admin = await fixture.CreateClientAsAsync(Roles.Admin);
        var response = await admin.PostAsync($"/api/admin/payments/{payment.Id}/refund", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Without_Stripe_keys_the_api_is_healthy_and_checkout_answers_503()
    {
        using var unconfigured = fixture.CreateUnconfiguredApiClient();
        var health = await unconfigured.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var config = await unconfigured.GetFromJsonAsync<JsonElement>("/api/payments/config");
        Assert.False(config.GetProperty("enabled").GetBoolean());

        var checkout = await unconfigured.PostAsJsonAsync("/api/payments/checkout", new { trackCode = "DP" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, checkout.StatusCode);
        Assert.Equal("application/problem+json", checkout.Content.Headers.ContentType?.MediaType);
        Assert.Contains("payments are not configured", (await checkout.Content.ReadAsStringAsync()).ToLowerInvariant());

        var webhook = await StripeWebhooks.DeliverSignedAsync(unconfigured, "{}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, webhook.StatusCode);
    }
}
