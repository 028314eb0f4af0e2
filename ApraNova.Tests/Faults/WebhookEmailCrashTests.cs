using System.Net;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Payments;
using ApraNova.Tests.Api.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApraNova.Tests.Faults;

/// <summary>
/// A task dies right after committing a paid webhook, before answering Stripe. Stripe delivers the
/// event again, and the redelivery is (rightly) a duplicate. The buyer's welcome email, with the
/// only link to set a password on the account the payment created, must still be queued, once:
/// it commits with the event or not at all. (Queued after the commit, it was lost for good.)
/// Deterministic companion of <see cref="ApiInstanceKillTests"/> and <see cref="PostgresRestartTests"/>,
/// whose faults land wherever they land.
/// </summary>
public sealed class WebhookEmailCrashTests
{
    [Fact]
    public async Task A_task_dying_right_after_committing_a_paid_webhook_still_queues_the_welcome_email_once()
    {
        var dies = new DieAfterCommitInterceptor();
        var payments = new PaymentsFixture { ConfigureServices = services => services.ConfigureDbContext<ApraNovaDbContext>(options => options.AddInterceptors(dies)) };
        await payments.InitializeAsync();
        try
        {
            await payments.AddTrainerWithFreeSeatsAsync("DP");
            var email = PaymentsFixture.NewEmail();
            var (url, sessionId) = await payments.StartCheckoutAsync(payments.CreateApiClient(), "DP");
            var paid = await payments.PayAsync(url, email, holdWebhooks: true);
            Assert.True((int)paid.StatusCode is >= 300 and < 400, $"paying: {(int)paid.StatusCode}");
            var completed = (await StripeWebhooks.EventsAboutAsync(payments.StripeBrowser, sessionId)).Single(e => e.Type == "checkout.session.completed");

            dies.Arm(sessionId);
            var first = await StripeWebhooks.DeliverSignedAsync(payments.CreateApiClient(), completed.Json);
            Assert.True(dies.Died, "the task did not die after the commit");
            Assert.False(first.IsSuccessStatusCode, "a task that died answered 2xx");
            await payments.WaitForPaymentAsync(sessionId, PaymentState.Paid); // the commit stands

            var again = await StripeWebhooks.DeliverSignedAsync(payments.CreateApiClient(), completed.Json);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal("duplicate", await StripeWebhooks.OutcomeAsync(again));

            var welcome = (await payments.Api.ReadOutboxAsync(email)).Where(m => m.Subject.StartsWith("Welcome", StringComparison.Ordinal)).ToList();
            var single = Assert.Single(welcome);
            Assert.Contains("/reset-password?", single.TextBody, StringComparison.Ordinal);
            await using var scope = payments.CreateDbScope();
            Assert.Equal(1, await scope.Db.Enrollments.CountAsync(e => e.Student!.NormalizedEmail == email.ToUpperInvariant()));
        }
        finally
        {
            await payments.DisposeAsync();
        }
    }
}
