using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Payments;
using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ApraNova.Tests.Api.Payments;

/// <summary>What an anonymous buyer can do to others through checkout: nothing.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class CheckoutAbuseTests(PaymentsFixture fixture)
{
    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Trainer)]
    public async Task Paying_with_a_staff_members_email_never_makes_that_account_a_student(string role)
    {
        var (staffId, staffEmail) = await fixture.Api.CreateUserAsync(role);
        var (url, sessionId) = await fixture.StartCheckoutAsync(fixture.CreateApiClient(), "DP");

        await fixture.PayAsync(url, staffEmail);
        var payment = await fixture.WaitForPaymentAsync(sessionId, PaymentState.Paid);

        // The money is recorded (staff settle it from the ledger), the account is untouched.
        Assert.Null(payment.EnrollmentId);
        Assert.Contains("staff or trainer account", payment.FailureReason, StringComparison.Ordinal);
        await using var scope = fixture.CreateDbScope();
        Assert.False(await scope.Db.Enrollments.AnyAsync(e => e.StudentId == staffId));
        Assert.Equal(role, await scope.Db.GetRoleAsync(staffId, CancellationToken.None));
    }

    [Fact]
    public async Task A_checkout_with_credentials_that_no_longer_pass_is_refused_not_served_as_anonymous()
    {
        var client = fixture.CreateApiClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "expired-or-forged");
        await using (var before = fixture.CreateDbScope())
        {
            var payments = await before.Db.Payments.CountAsync();
            var response = await client.PostAsJsonAsync("/api/payments/checkout", new { trackCode = "DP" });

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            await using var after = fixture.CreateDbScope();
            Assert.Equal(payments, await after.Db.Payments.CountAsync());
        }
    }

    [Fact]
    public async Task Checkout_sessions_are_limited_per_client()
    {
        var client = fixture.CreateApiClient();
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 1; attempt <= 11; attempt++)
            statuses.Add((await client.PostAsJsonAsync("/api/payments/checkout", new { trackCode = "DP" })).StatusCode);

        Assert.All(statuses.Take(10), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
        Assert.Equal(HttpStatusCode.OK, (await fixture.CreateApiClient().PostAsJsonAsync("/api/payments/checkout", new { trackCode = "DP" })).StatusCode);
    }

    [Fact]
    public async Task An_abandoned_checkout_expires_instead_of_staying_pending_forever()
    {
        var (_, abandoned) = await fixture.StartCheckoutAsync(fixture.CreateApiClient(), "DP");
        var (_, fresh) = await fixture.StartCheckoutAsync(fixture.CreateApiClient(), "DP");
        await using (var scope = fixture.CreateDbScope())
        {
            var old = await scope.Db.Payments.SingleAsync(p => p.StripeSessionId == abandoned);
            old.CreatedAt = DateTimeOffset.UtcNow.AddDays(-2);
            await scope.Db.SaveChangesAsync();
        }

        var sweeper = fixture.Api.Services.GetServices<IHostedService>().OfType<AbandonedCheckoutSweeper>().Single();
        await sweeper.SweepAsync(CancellationToken.None);

        await using (var scope = fixture.CreateDbScope())
        {
            var expired = await scope.Db.Payments.AsNoTracking().SingleAsync(p => p.StripeSessionId == abandoned);
            Assert.Equal(PaymentState.Failed, expired.State);
            Assert.Contains("expired", expired.FailureReason, StringComparison.OrdinalIgnoreCase);
            Assert.True(await scope.Db.AuditEntries.AnyAsync(a => a.Action == "payment.expired" && a.SubjectId == expired.Id.ToString()));
            Assert.Equal(PaymentState.Pending, (await scope.Db.Payments.AsNoTracking().SingleAsync(p => p.StripeSessionId == fresh)).State);
        }
    }
}
