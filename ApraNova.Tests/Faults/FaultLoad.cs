using System.Net.Http.Json;
using ApraNova.Tests.Api;
using ApraNova.Tests.Api.Payments;

namespace ApraNova.Tests.Faults;

/// <summary>
/// The write traffic of the fault tests, each request recorded (<see cref="LoadRecorder"/>) with
/// the key that finds its write afterwards (<see cref="AcknowledgedWrites"/>).
/// </summary>
public static class FaultLoad
{
    /// <summary>A student at work until told to stop: ticks the next step of their track, opens a support ticket, ticks, ...</summary>
    public static async Task StudentAsync(LoadRecorder load, FaultStudent student, IReadOnlyList<Guid> steps, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            if (i % 3 == 0)
            {
                var step = steps[i / 3 % steps.Count];
                await load.SendAsync(student.Name, "tick", step.ToString(), student.Client,
                    () => new HttpRequestMessage(HttpMethod.Put, $"/api/learning/steps/{step}/completion"));
            }
            else if (i % 3 == 1)
            {
                // A read on its own connections (the dashboard's multiplexed statement): it must
                // fail as a 503 while the database is away, never a 500, and answer again after.
                await load.SendAsync(student.Name, "dashboard", "", student.Client,
                    () => new HttpRequestMessage(HttpMethod.Get, "/api/dashboard"));
            }
            else
            {
                var subject = $"Fault ticket {Guid.NewGuid():N}";
                await load.SendAsync(student.Name, "ticket", subject, student.Client,
                    () => new HttpRequestMessage(HttpMethod.Post, "/api/support/tickets")
                    {
                        Content = JsonContent.Create(new { subject, category = "technical", message = $"Written under load by {student.Name}" }),
                    });
            }
            await Task.Delay(20, CancellationToken.None);
        }
    }

    /// <summary>Visitors signing up until told to stop: each acknowledged (202) sign-up is an email queued to its address.</summary>
    public static async Task SignUpsAsync(LoadRecorder load, string client, HttpClient http, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var email = ApiFactory.NewEmail("fault-visitor");
            await load.SendAsync(client, "signup", email, http, () => new HttpRequestMessage(HttpMethod.Post, "/api/auth/signup")
            {
                Content = JsonContent.Create(new { email, password = FaultScenario.Password, fullName = "Fault Visitor" }),
            });
            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary><paramref name="count"/> visitors each buy <paramref name="trackCode"/>; their webhooks are held for the test to deliver.</summary>
    public static async Task<List<Purchase>> PurchasesAsync(StripeStandIn stripe, FaultScenario scenario, string trackCode, int count)
    {
        var purchases = new List<Purchase>();
        for (var i = 0; i < count; i++)
        {
            var email = ApiFactory.NewEmail("fault-buyer");
            var (session, events) = await stripe.PayAsync(scenario.NewClient(), trackCode, email);
            purchases.Add(new Purchase(email, session, events));
        }
        return purchases;
    }

    /// <summary>Stripe's deliveries of the purchases' events: every event, a third of them twice, in no particular order.</summary>
    public static List<RecordedEvent> Deliveries(IEnumerable<Purchase> purchases)
    {
        var deliveries = purchases.SelectMany(p => p.Events).SelectMany((e, i) => i % 3 == 0 ? new[] { e, e } : [e]).ToList();
        Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(deliveries));
        return deliveries;
    }

    /// <summary>Stripe at work: each delivery in turn, retried until acknowledged, a short pause between them.</summary>
    public static async Task WebhooksAsync(LoadRecorder load, HttpClient http, IReadOnlyList<RecordedEvent> deliveries, TimeSpan patience)
    {
        foreach (var delivery in deliveries)
        {
            await FaultScenario.DeliverUntilAcknowledgedAsync(load, "stripe", http, delivery, patience);
            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>Every event delivered once more once all is quiet: each must now be a duplicate (or an ignored type).</summary>
    public static async Task RedeliverAllAsync(LoadRecorder load, HttpClient http, IEnumerable<Purchase> purchases, TimeSpan patience)
    {
        foreach (var stripeEvent in purchases.SelectMany(p => p.Events))
        {
            var again = await FaultScenario.DeliverUntilAcknowledgedAsync(load, "redelivery", http, stripeEvent, patience);
            var outcome = System.Text.Json.JsonDocument.Parse(again.Body).RootElement.GetProperty("outcome").GetString();
            Assert.True(outcome is "duplicate" or "ignored", $"{stripeEvent.Type} {stripeEvent.Id} applied again after the fault: {outcome}");
        }
    }
}
