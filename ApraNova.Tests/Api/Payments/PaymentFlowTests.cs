using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Payments;
using ApraNova.Api.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApraNova.Tests.Api.Payments;

/// <summary>
/// Checkout end to end: the api's real Stripe.net talks to the fake Stripe, a "customer" pays on
/// the fake's hosted page, and the fake delivers Stripe-signed webhooks back to the api.
/// </summary>
[Collection(PaymentsCollection.Name)]
public sealed class PaymentFlowTests(PaymentsFixture fixture)
{
    [Fact]
    public async Task Visitor_pays_and_gets_account_enrollment_trainer_project_1_and_a_set_password_email()
    {
        await fixture.AddTrainerWithFreeSeatsAsync("DP");
        var email = PaymentsFixture.NewEmail();
        var api = fixture.CreateApiClient();

        var (url, sessionId) = await fixture.StartCheckoutAsync(api, "DP");
        Assert.StartsWith(FakeStripeFactory.BaseUrl + "/checkout/", url);
        await using (var scope = fixture.CreateDbScope())
        {
            var pending = await scope.Db.Payments.SingleAsync(p => p.StripeSessionId == sessionId);
            Assert.Equal(PaymentState.Pending, pending.State);
            Assert.Equal(49900, pending.AmountCents);
            Assert.Null(pending.Email);
        }

        var paid = await fixture.PayAsync(url, email);
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.Equal($"http://localhost:3000/checkout/success?session_id={sessionId}", paid.Headers.Location!.ToString());

        var payment = await fixture.WaitForPaymentAsync(sessionId, PaymentState.Paid);
        await using (var scope = fixture.CreateDbScope())
        {
            var db = scope.Db;
            var user = await db.Users.SingleAsync(u => u.NormalizedEmail == email.ToUpperInvariant());
            var users = scope.Services.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.Equal([Roles.Student], await users.GetRolesAsync(user));
            Assert.False(await users.HasPasswordAsync(user));
            Assert.Equal(user.Id, payment.UserId);
            Assert.Equal(email, payment.Email);

            var enrollment = await db.Enrollments.Include(e => e.Track).SingleAsync(e => e.StudentId == user.Id);
            Assert.Equal(EnrollmentStatus.Active, enrollment.Status);
            Assert.Equal("DP", enrollment.Track!.Code);
            Assert.Equal(payment.EnrollmentId, enrollment.Id);
            Assert.NotNull(enrollment.TrainerId);
            Assert.True(await db.TrackTrainers.AnyAsync(t => t.TrackId == enrollment.TrackId && t.TrainerId == enrollment.TrainerId));

            var firstProject = await db.Projects.Where(p => p.TrackId == enrollment.TrackId).OrderBy(p => p.Position).FirstAsync();
            var unlocked = await db.ProjectProgress.Where(p => p.EnrollmentId == enrollment.Id).Select(p => p.ProjectId).ToListAsync();
            Assert.Equal([firstProject.Id], unlocked);
        }

        // The welcome email carries a set-your-password link (a reset token), never a password.
        // (The receipt follows in its own email: see Receipts.)
        var welcome = Assert.Single(await fixture.WaitForEmailsAsync(email, 1, subjectContains: "Welcome"));
        var link = Regex.Match(welcome.TextBody, @"http://localhost:3000/reset-password\?\S+");
        Assert.True(link.Success, welcome.TextBody);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(link.Value).Query);
        Assert.Equal(email, query["email"]);

        const string newPassword = "Paid-and-Chosen-123!";
        var reset = await api.PostAsJsonAsync("/api/auth/password/reset", new { email, token = query["token"], newPassword });
        Assert.True(reset.IsSuccessStatusCode, await reset.Content.ReadAsStringAsync());
        var login = await api.PostAsJsonAsync("/api/auth/login", new { email, password = newPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        // The success page's status: paid, and nothing that logs anyone in.
        var status = await api.GetAsync($"/api/payments/session/{sessionId}");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.False(status.Headers.Contains("Set-Cookie"));
        var body = await status.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("paid", body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("enrollment").ValueKind);
        Assert.DoesNotContain("token", (await status.Content.ReadAsStringAsync()).ToLowerInvariant());
    }

    [Fact]
    public async Task Logged_in_student_pays_for_their_own_account_and_sees_the_enrollment()
    {
        await fixture.AddTrainerWithFreeSeatsAsync("FSD");
        var (student, studentId, email) = await fixture.SignUpStudentAsync();

        var (url, sessionId) = await fixture.StartCheckoutAsync(student, "FSD");
        var page = await fixture.StripeBrowser.GetStringAsync(url);
        Assert.Contains($"value=\"{email}\" readonly", page); // Stripe gets the account's email, prefilled

        await fixture.PayAsync(url, email: null);
        var payment = await fixture.WaitForPaymentAsync(sessionId, PaymentState.Paid);
        Assert.Equal(studentId, payment.UserId);
        Assert.Equal(59900, payment.AmountCents);

        await using (var scope = fixture.CreateDbScope())
        {
            var enrollment = await scope.Db.Enrollments.SingleAsync(e => e.StudentId == studentId);
            Assert.Equal(EnrollmentStatus.Active, enrollment.Status);
            Assert.Equal(1, await scope.Db.Users.CountAsync(u => u.NormalizedEmail == email.ToUpperInvariant()));
        }

        var mine = await student.GetFromJsonAsync<JsonElement>($"/api/payments/session/{sessionId}");
        Assert.Equal("paid", mine.GetProperty("status").GetString());
        Assert.Equal("FSD", mine.GetProperty("enrollment").GetProperty("trackCode").GetString());
        Assert.Equal("active", mine.GetProperty("enrollment").GetProperty("status").GetString());

        // Someone else holding the session id learns the status only.
        var stranger = await fixture.CreateApiClient().GetFromJsonAsync<JsonElement>($"/api/payments/session/{sessionId}");
        Assert.Equal(JsonValueKind.Null, stranger.GetProperty("enrollment").ValueKind);

        // An existing account keeps its password: the email says "log in", with no reset link.
        var welcome = Assert.Single(await fixture.WaitForEmailsAsync(email, 1, subjectContains: "Welcome"));
        Assert.DoesNotContain("reset-password", welcome.TextBody);

        // Enrolled now: a second checkout is refused.
        var again = await student.PostAsJsonAsync("/api/payments/checkout", new { trackCode = "DP" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_declined_card_is_not_final_while_the_page_is_open_and_paying_after_it_says_paid_with_no_failure_email()
    {
        await fixture.AddTrainerWithFreeSeatsAsync("DP");
        var email = PaymentsFixture.NewEmail();
        var client = fixture.CreateApiClient();
        var (url, sessionId) = await fixture.StartCheckoutAsync(client, "DP");

        var declined = await fixture.PayAsync(url, email, declineCard: true);
        Assert.Equal(HttpStatusCode.PaymentRequired, declined.StatusCode);
        var payment = await WaitForAsync(sessionId, p => p.FailureReason is not null);
        Assert.Equal(PaymentState.Pending, payment.State);
        Assert.Contains("Your card was declined.", payment.FailureReason);
        Assert.Empty(await fixture.Api.ReadOutboxAsync(email));

        // The result page reads Stripe's session: still open, so the buyer can try again there.
        var open = await client.GetFromJsonAsync<CheckoutSessionStatus>($"/api/payments/session/{sessionId}");
        Assert.Equal("open", open!.Status);
        Assert.True(open.LastAttemptDeclined);
        Assert.Equal(url, open.ResumeUrl);
        Assert.DoesNotContain("did not go through", open.Message);

        // Another card on the same page: paid, enrolled, named, and only the welcome email.
        var paid = await fixture.PayAsync(url, email);
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        payment = await fixture.WaitForPaymentAsync(sessionId, PaymentState.Paid);
        Assert.NotNull(payment.EnrollmentId);
        var emails = await fixture.WaitForEmailsAsync(email, 1);
        Assert.Contains("Welcome", Assert.Single(emails).Subject);
        var status = await client.GetFromJsonAsync<CheckoutSessionStatus>($"/api/payments/session/{sessionId}");
        Assert.Equal("paid", status!.Status);
        Assert.DoesNotContain("did not go through", status.Message);
        Assert.Null(status.ResumeUrl);
        await using var scope = fixture.CreateDbScope();
        var buyer = await scope.Db.Users.SingleAsync(u => u.NormalizedEmail == email.ToUpperInvariant());
        Assert.Equal("Test Buyer", buyer.FullName);
    }

    [Fact]
    public async Task A_declined_attempt_becomes_a_failure_only_when_the_page_expires_and_the_buyer_is_told_once()
    {
        var email = PaymentsFixture.NewEmail();
        var client = fixture.CreateApiClient();
        var (url, sessionId) = await fixture.StartCheckoutAsync(client, "DP");
        await fixture.PayAsync(url, email, declineCard: true);
        await WaitForAsync(sessionId, p => p.FailureReason is not null);

        await Expire(sessionId);
        var payment = await fixture.WaitForPaymentAsync(sessionId, PaymentState.Failed);
        Assert.Null(payment.EnrollmentId);
        var failedEmail = Assert.Single(await fixture.WaitForEmailsAsync(email, 1));
        Assert.Contains("did not go through", failedEmail.Subject);
        await using (var scope = fixture.CreateDbScope())
            Assert.False(await scope.Db.Users.AnyAsync(u => u.NormalizedEmail == email.ToUpperInvariant()));

        var status = await client.GetFromJsonAsync<CheckoutSessionStatus>($"/api/payments/session/{sessionId}");
        Assert.Equal("failed", status!.Status);
        Assert.Null(status.ResumeUrl);
    }

    [Fact]
    public async Task Cancelling_returns_to_the_cancel_page_and_an_abandoned_page_expires_as_a_failure()
    {
        var client = fixture.CreateApiClient();
        var (url, sessionId) = await fixture.StartCheckoutAsync(client, "DP");
        var cancelled = await fixture.StripeBrowser.PostAsync(new Uri(url).PathAndQuery,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["action"] = "cancel" }));
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal("http://localhost:3000/checkout/cancelled?track=DP", cancelled.Headers.Location!.ToString());
        var open = await client.GetFromJsonAsync<CheckoutSessionStatus>($"/api/payments/session/{sessionId}");
        Assert.Equal("open", open!.Status);
        Assert.False(open.LastAttemptDeclined);

        await Expire(sessionId);
        var payment = await fixture.WaitForPaymentAsync(sessionId, PaymentState.Failed);
        Assert.Null(payment.Email);
        Assert.Equal("The checkout session expired before any payment.", payment.FailureReason);
    }

    private async Task Expire(string sessionId)
    {
        var expired = await fixture.StripeApi.PostAsync($"/v1/checkout/sessions/{sessionId}/expire", null);
        Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
    }

    private async Task<Payment> WaitForAsync(string sessionId, Func<Payment, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        Payment? payment;
        do
        {
            await using (var scope = fixture.CreateDbScope())
                payment = await scope.Db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.StripeSessionId == sessionId);
            if (payment is not null && condition(payment)) return payment;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        throw new Xunit.Sdk.XunitException($"Payment for {sessionId} never reached the expected state ({payment?.State}, {payment?.FailureReason}).");
    }

    [Fact]
    public async Task Admin_refund_goes_through_Stripe_and_its_webhook_withdraws_the_enrollment_and_access()
    {
        await fixture.AddTrainerWithFreeSeatsAsync("DP");
        var (student, studentId, email) = await fixture.SignUpStudentAsync();
        var (url, sessionId) = await fixture.StartCheckoutAsync(student, "DP");
        await fixture.PayAsync(url, email: null);
        var payment = await fixture.WaitForPaymentAsync(sessionId, PaymentState.Paid);
        Assert.Equal(HttpStatusCode.OK, (await student.GetAsync("/api/learning")).StatusCode);

        var admin = await fixture.CreateClientAsAsync(Roles.Admin);
        var refund = await admin.PostAsync($"/api/admin/payments/{payment.Id}/refund", null);
        Assert.Equal(HttpStatusCode.Accepted, refund.StatusCode);

        var refunded = await fixture.WaitForPaymentAsync(sessionId, PaymentState.Refunded);
        Assert.NotNull(refunded.StripeRefundId);
        await using (var scope = fixture.CreateDbScope())
        {
            var enrollment = await scope.Db.Enrollments.SingleAsync(e => e.Id == payment.EnrollmentId);
            Assert.Equal(EnrollmentStatus.Withdrawn, enrollment.Status);
            Assert.False(await scope.Db.Enrollments.AnyAsync(e => e.StudentId == studentId && Enrollment.OpenStatuses.Contains(e.Status)));
        }
        // Access is gone: the student's learning endpoints refuse them.
        Assert.Equal(HttpStatusCode.Forbidden, (await student.GetAsync("/api/learning")).StatusCode);
        Assert.Contains(await fixture.WaitForEmailsAsync(email, 1, subjectContains: "refunded"), m => m.Subject.Contains("refunded"));

        // Refunding twice is refused by the ledger (and Stripe would refuse too).
        var again = await admin.PostAsync($"/api/admin/payments/{payment.Id}/refund", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Checkout_validates_the_track()
    {
        var api = fixture.CreateApiClient();
        var missing = await api.PostAsJsonAsync("/api/payments/checkout", new { trackCode = "" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.True((await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("trackCode", out _));

        var unknown = await api.PostAsJsonAsync("/api/payments/checkout", new { trackCode = "NOPE" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        var trainer = await fixture.CreateClientAsAsync(Roles.Trainer);
        var notAStudent = await trainer.PostAsJsonAsync("/api/payments/checkout", new { trackCode = "DP" });
        Assert.Equal(HttpStatusCode.Forbidden, notAStudent.StatusCode);

        var unknownSession = await api.GetAsync("/api/payments/session/cs_test_does_not_exist");
        Assert.Equal(HttpStatusCode.NotFound, unknownSession.StatusCode);
    }

    [Fact]
    public async Task An_admin_changes_the_price_and_the_next_checkout_charges_it()
    {
        var admin = await fixture.CreateClientAsAsync(Roles.Admin);
        var track = await fixture.CreateApiClient().GetFromJsonAsync<JsonElement>("/api/tracks/FSD");
        object Edit(long priceCents) => new
        {
            name = track.GetProperty("name").GetString(),
            description = track.GetProperty("description").GetString(),
            priceCents,
            currency = track.GetProperty("currency").GetString(),
        };
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/tracks/FSD", Edit(64900))).StatusCode);
        try
        {
            var (_, sessionId) = await fixture.StartCheckoutAsync(fixture.CreateApiClient(), "FSD");
            var session = await fixture.StripeApi.GetFromJsonAsync<JsonElement>($"/v1/checkout/sessions/{sessionId}");
            Assert.Equal(64900, session.GetProperty("amount_total").GetInt64());
            await using var scope = fixture.CreateDbScope();
            Assert.Equal(64900, (await scope.Db.Payments.SingleAsync(p => p.StripeSessionId == sessionId)).AmountCents);
        }
        finally
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/tracks/FSD", Edit(59900))).StatusCode);
        }
    }
}
