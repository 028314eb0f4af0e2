using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApraNova.Api.Features.Payments;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Tests.Api.Payments;

/// <summary>
/// Stripe delivers at least once, in any order, sometimes twice at the same moment. These tests
/// hold the fake's deliveries back and deliver the real recorded events by hand.
/// </summary>
[Collection(PaymentsCollection.Name)]
public sealed class WebhookDeliveryTests(PaymentsFixture fixture)
{
    [Fact]
    public async Task The_same_events_delivered_again_are_applied_once()
    {
        await fixture.AddTrainerWithFreeSeatsAsync("DP");
        var (sessionId, email, events) = await PaidWithHeldEventsAsync();
        var api = fixture.CreateApiClient();

        foreach (var round in Enumerable.Range(0, 3))
        foreach (var e in events)
        {
            var response = await StripeWebhooks.DeliverSignedAsync(api, e.Json);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var outcome = await StripeWebhooks.OutcomeAsync(response);
            Assert.Equal(e.Type == "charge.succeeded" ? "ignored" : round == 0 ? "applied" : "duplicate", outcome);
        }

        await AssertPaidOnceAsync(sessionId, email);
    }

    [Fact]
    public async Task A_visitors_payment_intent_succeeded_is_recorded_and_the_completed_session_makes_the_payment_paid()
    {
        await fixture.AddTrainerWithFreeSeatsAsync("DP");
        var (sessionId, email, events) = await PaidWithHeldEventsAsync();
        var api = fixture.CreateApiClient();

        // The intent's event names no buyer (Checkout collected the email and name on the session):
        // it is recorded, and nothing else happens until the session's event.
        Assert.Equal("applied", await StripeWebhooks.OutcomeAsync(await StripeWebhooks.DeliverSignedAsync(api, Single(events, "payment_intent.succeeded").Json)));
        await using (var scope = fixture.CreateDbScope())
        {
            var payment = await scope.Db.Payments.AsNoTracking().SingleAsync(p => p.StripeSessionId == sessionId);
            Assert.Equal(PaymentState.Pending, payment.State);
            Assert.False(await scope.Db.Users.AnyAsync(u => u.NormalizedEmail == email.ToUpperInvariant()));
        }
        Assert.Equal("duplicate", await StripeWebhooks.OutcomeAsync(await StripeWebhooks.DeliverSignedAsync(api, Single(events, "payment_intent.succeeded").Json)));
        // One whose metadata names no payment of ours is ignored, and not recorded.
        var strangers = JsonNode.Parse(Single(events, "payment_intent.succeeded").Json)!;
        strangers["id"] = "evt_not_ours_" + Guid.NewGuid().ToString("N");
        strangers["data"]!["object"]!["metadata"]!["payment_id"] = Guid.NewGuid().ToString();
        Assert.Equal("ignored", await StripeWebhooks.OutcomeAsync(await StripeWebhooks.DeliverSignedAsync(api, strangers.ToJsonString())));
        await using (var scope = fixture.CreateDbScope())
            Assert.False(await scope.Db.ProcessedStripeEvents.AnyAsync(e => e.EventId == strangers["id"]!.GetValue<string>()));

        Assert.Equal("applied", await StripeWebhooks.OutcomeAsync(await StripeWebhooks.DeliverSignedAsync(api, Single(events, "checkout.session.completed").Json)));
        await AssertPaidOnceAsync(sessionId, email);
        await using (var scope = fixture.CreateDbScope())
        {
            var payment = await scope.Db.Payments.AsNoTracking().SingleAsync(p => p.StripeSessionId == sessionId);
            Assert.Equal("Test Buyer", (await scope.Db.Users.SingleAsync(u => u.Id == payment.UserId)).FullName);
            Assert.StartsWith("pi_", payment.StripePaymentIntentId);
        }
    }

    [Fact]
    public async Task A_completed_session_naming_a_payment_that_is_not_ours_is_ignored_and_changes_nothing()
    {
        await fixture.AddTrainerWithFreeSeatsAsync("DP");
        var (sessionId, email, events) = await PaidWithHeldEventsAsync();
        var api = fixture.CreateApiClient();

        // Signed with our secret (anyone can put our metadata key on a session), but naming a
        // payment id we never made: refused by the event key's reference to the payment, in the
        // transaction's first statement, so nothing is recorded, created or enrolled.
        var strangers = JsonNode.Parse(Single(events, "checkout.session.completed").Json)!;
        var strangersEventId = "evt_not_ours_" + Guid.NewGuid().ToString("N");
        strangers["id"] = strangersEventId;
        strangers["data"]!["object"]!["metadata"]!["payment_id"] = Guid.NewGuid().ToString();
        Assert.Equal("ignored", await StripeWebhooks.OutcomeAsync(await StripeWebhooks.DeliverSignedAsync(api, strangers.ToJsonString())));
        await using (var scope = fixture.CreateDbScope())
        {
            Assert.False(await scope.Db.ProcessedStripeEvents.AnyAsync(e => e.EventId == strangersEventId));
            Assert.False(await scope.Db.Users.AnyAsync(u => u.NormalizedEmail == email.ToUpperInvariant()));
            Assert.Equal(PaymentState.Pending, (await scope.Db.Payments.AsNoTracking().SingleAsync(p => p.StripeSessionId == sessionId)).State);
        }

        // The real event still makes the real payment paid, once.
        Assert.Equal("applied", await StripeWebhooks.OutcomeAsync(await StripeWebhooks.DeliverSignedAsync(api, Single(events, "checkout.session.completed").Json)));
        Assert.Equal("duplicate", await StripeWebhooks.OutcomeAsync(await StripeWebhooks.DeliverSignedAsync(api, Single(events, "checkout.session.completed").Json)));
        await AssertPaidOnceAsync(sessionId, email);
    }

    [Fact]
    public async Task A_signed_in_buyers_payment_intent_succeeded_makes_the_payment_paid_at_once()
    {
        await fixture.AddTrainerWithFreeSeatsAsync("DP");
        var (student, studentId, email) = await fixture.SignUpStudentAsync();
        var (sessionId, _, events) = await PaidWithHeldEventsAsync(email, student);
        var api = fixture.CreateApiClient();

        Assert.Equal("applied", await StripeWebhooks.OutcomeAsync(await StripeWebhooks.DeliverSignedAsync(api, Single(events, "payment_intent.succeeded").Json)));
        var payment = await fixture.WaitForPaymentAsync(sessionId, PaymentState.Paid, TimeSpan.Zero);
        Assert.Equal(studentId, payment.UserId);
        Assert.NotNull(payment.EnrollmentId);

        // The session's event is then a late fact: recorded, nothing changes.
        Assert.Equal("applied", await StripeWebhooks.OutcomeAsync(await StripeWebhooks.DeliverSignedAsync(api, Single(events, "checkout.session.completed").Json)));
        await AssertPaidOnceAsync(sessionId, email);
    }

    [Fact]
    public async Task A_refund_delivered_before_the_payment_events_wins_and_nobody_is_enrolled()
    {
        var (sessionId, email, events) = await PaidWithHeldEventsAsync();
        var intentId = (await fixture.StripeApi.GetFromJsonAsync<JsonElement>($"/v1/checkout/sessions/{sessionId}")).GetProperty("payment_intent").GetString()!;
        var refund = await fixture.StripeApi.PostAsync("/v1/refunds?webhooks=hold",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["payment_intent"] = intentId }));
        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
        var refunded = Single(await StripeWebhooks.EventsAboutAsync(fixture.StripeBrowser, sessionId), "charge.refunded");

        var api = fixture.CreateApiClient();
        // Reversed: refund first, then the late "paid" facts, then the refund again.
        foreach (var e in new[] { refunded }.Concat(events.AsEnumerable().Reverse()).Append(refunded))
            Assert.Equal(HttpStatusCode.OK, (await StripeWebhooks.DeliverSignedAsync(api, e.Json)).StatusCode);

        var payment = await fixture.WaitForPaymentAsync(sessionId, PaymentState.Refunded);
        Assert.Null(payment.EnrollmentId);
        Assert.Null(payment.PaidAt);
        await using var scope = fixture.CreateDbScope();
        Assert.False(await scope.Db.Users.AnyAsync(u => u.NormalizedEmail == email.ToUpperInvariant()));
    }

    [Fact]
    public async Task Concurrent_duplicate_deliveries_leave_one_payment_and_one_enrollment()
    {
        await fixture.AddTrainerWithFreeSeatsAsync("DP");
        var (sessionId, email, events) = await PaidWithHeldEventsAsync();
        var api = fixture.CreateApiClient();

        // Every event five times, all at once: duplicates race each other and the two "paid" events race too.
        var deliveries = events.SelectMany(e => Enumerable.Repeat(e, 5)).ToList();
        using var start = new SemaphoreSlim(0);
        var tasks = deliveries.Select(async e =>
        {
            await start.WaitAsync();
            var response = await StripeWebhooks.DeliverSignedAsync(api, e.Json);
            return (e.Type, response.StatusCode, Outcome: response.IsSuccessStatusCode ? await StripeWebhooks.OutcomeAsync(response) : await response.Content.ReadAsStringAsync());
        }).ToList();
        start.Release(deliveries.Count);
        var results = await Task.WhenAll(tasks);

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var type in new[] { "payment_intent.succeeded", "checkout.session.completed" })
        {
            Assert.Equal(1, results.Count(r => r.Type == type && r.Outcome == "applied"));
            Assert.Equal(4, results.Count(r => r.Type == type && r.Outcome == "duplicate"));
        }
        await AssertPaidOnceAsync(sessionId, email);
    }

    [Fact]
    public async Task Forged_stale_or_malformed_deliveries_get_400_and_change_nothing()
    {
        var (sessionId, _, events) = await PaidWithHeldEventsAsync();
        var completed = Single(events, "checkout.session.completed").Json;
        var api = fixture.CreateApiClient();
        var now = DateTimeOffset.UtcNow;

        var attempts = new (string Name, string Payload, string? Signature)[]
        {
            ("no signature", completed, null),
            ("signed with another secret", completed, StripeWebhooks.Sign(completed, "whsec_someone_else", now)),
            ("stale timestamp (10 minutes old)", completed, StripeWebhooks.Sign(completed, FakeStripeFactory.WebhookSecret, now.AddMinutes(-10))),
            ("body changed after signing", completed.Replace("\"paid\"", "\"PAID\""), StripeWebhooks.Sign(completed, FakeStripeFactory.WebhookSecret, now)),
            ("garbage header", completed, "not-a-signature"),
            ("malformed body, correctly signed", "{\"id\": \"evt_x\", \"object\": ", StripeWebhooks.Sign("{\"id\": \"evt_x\", \"object\": ", FakeStripeFactory.WebhookSecret, now)),
            ("not an event, correctly signed", "[1,2,3]", StripeWebhooks.Sign("[1,2,3]", FakeStripeFactory.WebhookSecret, now)),
        };
        foreach (var (name, payload, signature) in attempts)
        {
            var response = await StripeWebhooks.DeliverAsync(api, payload, signature);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        await using (var scope = fixture.CreateDbScope())
        {
            var payment = await scope.Db.Payments.SingleAsync(p => p.StripeSessionId == sessionId);
            Assert.Equal(PaymentState.Pending, payment.State);
            var eventIds = events.Select(e => e.Id).ToList();
            Assert.False(await scope.Db.ProcessedStripeEvents.AnyAsync(e => eventIds.Contains(e.EventId)));
        }

        // The genuine delivery of the same event is accepted: the rejections above were about the signature.
        Assert.Equal("applied", await StripeWebhooks.OutcomeAsync(await StripeWebhooks.DeliverSignedAsync(api, completed)));
    }

    /// <summary>
    /// The buyer's name is whatever they typed on Stripe's page. Text PostgreSQL cannot store (a
    /// NUL) or longer than an account name must not refuse the event: refused, Stripe would retry
    /// it for days and the buyer would never be enrolled. The name is kept cleaned and cut.
    /// </summary>
    [Fact]
    public async Task A_buyer_name_with_a_nul_and_no_length_limit_is_kept_cleaned_not_refused()
    {
        await fixture.AddTrainerWithFreeSeatsAsync("DP");
        var (sessionId, email, events) = await PaidWithHeldEventsAsync();
        var completed = JsonNode.Parse(Single(events, "checkout.session.completed").Json)!;
        completed["data"]!["object"]!["customer_details"]!["name"] = "Ada\u0000 Lovelace" + new string('x', 300);
        var payload = completed.ToJsonString();
        Assert.Contains("\\u0000", payload, StringComparison.Ordinal);

        var response = await StripeWebhooks.DeliverSignedAsync(fixture.CreateApiClient(), payload);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("applied", await StripeWebhooks.OutcomeAsync(response));

        await AssertPaidOnceAsync(sessionId, email);
        await using var scope = fixture.CreateDbScope();
        var user = await scope.Db.Users.SingleAsync(u => u.NormalizedEmail == email.ToUpperInvariant());
        Assert.Equal(200, user.FullName.Length);
        Assert.StartsWith("Ada Lovelace", user.FullName, StringComparison.Ordinal);
    }

    /// <summary>
    /// A new buyer's account is written by the webhook's last save, so two payments by one new
    /// email applied at once both insert it: the later fails on the unique index, applies again,
    /// and finds the account the other made. One account, one enrollment, both payments paid.
    /// </summary>
    [Fact]
    public async Task Two_checkouts_paid_with_one_new_email_applied_at_once_make_one_account_and_one_enrollment()
    {
        await fixture.AddTrainerWithFreeSeatsAsync("DP");
        var email = PaymentsFixture.NewEmail();
        var first = await PaidWithHeldEventsAsync(email);
        var second = await PaidWithHeldEventsAsync(email);
        var api = fixture.CreateApiClient();

        var responses = await Task.WhenAll(new[] { first, second }.Select(paid =>
            StripeWebhooks.DeliverSignedAsync(api, Single(paid.Events, "checkout.session.completed").Json)));
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("applied", await StripeWebhooks.OutcomeAsync(response));
        }

        var payments = new[] { await fixture.WaitForPaymentAsync(first.SessionId, PaymentState.Paid), await fixture.WaitForPaymentAsync(second.SessionId, PaymentState.Paid) };
        await using var scope = fixture.CreateDbScope();
        var user = await scope.Db.Users.SingleAsync(u => u.NormalizedEmail == email.ToUpperInvariant());
        var enrollment = await scope.Db.Enrollments.SingleAsync(e => e.StudentId == user.Id);
        Assert.All(payments, payment => Assert.Equal(enrollment.Id, payment.EnrollmentId));
    }

    [Fact]
    public async Task Unknown_event_types_are_acknowledged_and_ignored()
    {
        var unknown = new JsonObject
        {
            ["id"] = "evt_" + Guid.NewGuid().ToString("N"),
            ["object"] = "event",
            ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["type"] = "customer.created",
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["data"] = new JsonObject { ["object"] = new JsonObject { ["id"] = "cus_123", ["object"] = "customer" } },
        }.ToJsonString();

        var response = await StripeWebhooks.DeliverSignedAsync(fixture.CreateApiClient(), unknown);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", await StripeWebhooks.OutcomeAsync(response));
    }

    /// <summary>A paid checkout with its events held back: a visitor's (paying as <paramref name="buyerEmail"/>), or the signed-in <paramref name="buyer"/>'s.</summary>
    private async Task<(string SessionId, string Email, IReadOnlyList<RecordedEvent> Events)> PaidWithHeldEventsAsync(
        string? buyerEmail = null, HttpClient? buyer = null)
    {
        var email = buyerEmail ?? PaymentsFixture.NewEmail();
        var (url, sessionId) = await fixture.StartCheckoutAsync(buyer ?? fixture.CreateApiClient(), "DP");
        var paid = await fixture.PayAsync(url, buyer is null ? email : null, holdWebhooks: true);
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        var events = await StripeWebhooks.EventsAboutAsync(fixture.StripeBrowser, sessionId);
        Assert.Equal(["charge.succeeded", "payment_intent.succeeded", "checkout.session.completed"], events.Select(e => e.Type));
        return (sessionId, email, events);
    }

    private async Task AssertPaidOnceAsync(string sessionId, string email)
    {
        var payment = await fixture.WaitForPaymentAsync(sessionId, PaymentState.Paid);
        await using var scope = fixture.CreateDbScope();
        var db = scope.Db;
        Assert.Equal(1, await db.Payments.CountAsync(p => p.StripeSessionId == sessionId));
        var user = await db.Users.SingleAsync(u => u.NormalizedEmail == email.ToUpperInvariant());
        Assert.Equal(1, await db.Enrollments.CountAsync(e => e.StudentId == user.Id));
        Assert.Equal(payment.EnrollmentId, (await db.Enrollments.SingleAsync(e => e.StudentId == user.Id)).Id);
        Assert.Single(await fixture.WaitForEmailsAsync(email, 1, subjectContains: "Welcome"));
    }

    private static RecordedEvent Single(IEnumerable<RecordedEvent> events, string type) => events.Single(e => e.Type == type);
}
