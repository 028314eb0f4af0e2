using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ApraNova.Tests.Api.Payments;
using Xunit.Abstractions;

namespace ApraNova.Tests.Faults;

/// <summary>
/// PostgreSQL dies under write load (SIGKILL to the postmaster and every backend: no checkpoint,
/// no goodbye to clients) and is started again on the same data folder, while students tick steps
/// and open support tickets from several clients at once and Stripe's webhooks arrive. Afterwards
/// every request the api acknowledged (2xx) is in the database, each webhook applied exactly once,
/// and the same api process (never restarted) serves again.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class PostgresRestartTests(FaultInfrastructure infrastructure, ITestOutputHelper output)
{
    private const int Students = 4;
    private const int Steps = 40;
    private const int Buyers = 6;
    /// <summary>How long the database stays dead: the fault's length (what it is like, not a wait for something).</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);
    /// <summary>Not performance bounds: how long we let each phase take before calling it a failure.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Postgres_killed_and_restarted_under_write_load_loses_no_acknowledged_write_and_the_api_recovers_without_a_restart()
    {
        var database = await infrastructure.CreateDatabaseAsync();
        await using var stripe = await StripeStandIn.StartAsync();
        await using var api = await ApiProcess.StartAsync("api", FaultScenario.ApiSettings(
            database, infrastructure.RedisConnectionString, FaultScenario.NewSigningKey(), stripe.ApiSettings));
        try
        {
            var scenario = new FaultScenario(api.Address, database);
            var (track, steps) = await scenario.CreateTrackAsync(Steps);
            var students = await Task.WhenAll(Enumerable.Range(1, Students).Select(i => scenario.StudentAsync($"student{i}", track)));
            var purchases = new List<(string Email, string SessionId, IReadOnlyList<RecordedEvent> Events)>();
            for (var i = 0; i < Buyers; i++)
            {
                var email = Api.ApiFactory.NewEmail("fault-buyer");
                var (session, events) = await stripe.PayAsync(scenario.NewClient(), track, email);
                purchases.Add((email, session, events));
            }
            // Stripe's deliveries: every event, a third of them twice, in no particular order; half
            // before the fault, the other half from the moment the database dies.
            var deliveries = purchases.SelectMany(p => p.Events).SelectMany((e, i) => i % 3 == 0 ? new[] { e, e } : [e]).ToList();
            Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(deliveries));
            var beforeFault = deliveries[..(deliveries.Count / 2)];
            var duringFault = deliveries[(deliveries.Count / 2)..];

            var load = new LoadRecorder();
            using var stop = new CancellationTokenSource();
            var faultStarted = new TaskCompletionSource();
            var loops = students.Select(student => StudentLoadAsync(load, student, steps, stop.Token)).ToList();
            var stripeClient = scenario.NewClient();
            loops.Add(Task.Run(async () =>
            {
                foreach (var delivery in beforeFault)
                {
                    await FaultScenario.DeliverUntilAcknowledgedAsync(load, "stripe", stripeClient, delivery, Patience);
                    await Task.Delay(50);
                }
                await faultStarted.Task;
                foreach (var delivery in duringFault)
                {
                    await FaultScenario.DeliverUntilAcknowledgedAsync(load, "stripe", stripeClient, delivery, Patience);
                }
            }));

            // Steady load first, then the fault.
            await FaultScenario.WaitUntilAsync(() => load.Successes >= 60 || loops.Any(l => l.IsFaulted), Patience, () => load.Figures());
            load.Mark("postgres killed");
            var killed = await infrastructure.KillAsync(ResourceNames.Postgres);
            faultStarted.SetResult();
            await Task.Delay(Outage);
            load.Mark("postgres starting");
            await infrastructure.StartAsync(ResourceNames.Postgres);
            var back = load.Mark("postgres answers");
            // Recovered: every client has written again since the database came back.
            await FaultScenario.WaitUntilAsync(
                () => students.All(s => load.SuccessesAfter(s.Name, back) >= 5) || loops.Any(l => l.IsFaulted),
                Patience, () => load.Figures());
            var recovered = load.Mark("every student writes again");
            stop.Cancel();
            await Task.WhenAll(loops);

            // Every event delivered once more, after the recovery: all of them are duplicates now.
            foreach (var stripeEvent in purchases.SelectMany(p => p.Events))
            {
                var again = await FaultScenario.DeliverUntilAcknowledgedAsync(load, "redelivery", stripeClient, stripeEvent, Patience);
                var outcome = JsonDocument.Parse(again.Body).RootElement.GetProperty("outcome").GetString();
                Assert.True(outcome is "duplicate" or "ignored", $"{stripeEvent.Type} {stripeEvent.Id} applied again after the fault: {outcome}");
            }

            var attempts = load.Attempts;
            var checkedWrites = await AssertNothingAcknowledgedIsLostAsync(scenario, attempts, purchases);

            load.Print(output, $"PostgreSQL SIGKILLed ({killed} processes) under write load, down {Outage.TotalSeconds:0} s, started again", a => a.Client != "redelivery");
            var failures = attempts.Where(a => a.Client != "redelivery" && !a.Acknowledged).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"database down (kill → answers): {back - load["postgres killed"]:0.00}s; every student writing again {recovered - back:0.00}s after it answers"));
            if (failures.Count == 0)
            {
                output.WriteLine("no request failed: the api held them (retrying) until the database answered");
            }
            else
            {
                var lastFailure = failures.Max(a => a.End);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"requests failed during {lastFailure - failures.Min(a => a.Start):0.00}s; ") + (lastFailure <= back
                    ? "none after the database answered"
                    : string.Create(CultureInfo.InvariantCulture, $"the last failure ended {lastFailure - back:0.00}s after the database answered")));
            }
            output.WriteLine($"writes checked in the database: {checkedWrites}");
            Assert.False(api.HasExited, "the api process died");
        }
        catch
        {
            output.WriteLine("--- api log ---\n" + api.Log);
            throw;
        }
    }

    /// <summary>A student at work: ticks the next step, opens a ticket, ticks, ... until told to stop.</summary>
    private static async Task StudentLoadAsync(LoadRecorder load, FaultStudent student, IReadOnlyList<Guid> steps, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            if (i % 2 == 0)
            {
                var step = steps[i / 2 % steps.Count];
                await load.SendAsync(student.Name, "tick", step.ToString(), student.Client,
                    () => new HttpRequestMessage(HttpMethod.Put, $"/api/learning/steps/{step}/completion"));
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

    /// <summary>Reads the database back: every acknowledged write is there, once. Returns how many writes were checked.</summary>
    private static async Task<int> AssertNothingAcknowledgedIsLostAsync(FaultScenario scenario, IReadOnlyList<Attempt> attempts,
        List<(string Email, string SessionId, IReadOnlyList<RecordedEvent> Events)> purchases)
    {
        var completions = (await scenario.RowsAsync("""
            SELECT u.full_name, c.step_id FROM step_completions c
            JOIN enrollments e ON e.id = c.enrollment_id JOIN users u ON u.id = e.student_id
            """)).Select(r => ((string)r[0]!).Replace("Fault ", "", StringComparison.Ordinal) + "/" + r[1]).ToHashSet();
        var ticks = attempts.Where(a => a.Kind == "tick" && a.Acknowledged).Select(a => a.Client + "/" + a.Key).Distinct().ToList();
        var lostTicks = ticks.Where(t => !completions.Contains(t)).ToList();
        Assert.True(lostTicks.Count == 0, $"{lostTicks.Count} acknowledged step ticks are not in the database: {string.Join(", ", lostTicks.Take(5))}");

        var tickets = (await scenario.RowsAsync("SELECT subject, count(*) FROM support_tickets GROUP BY subject"))
            .ToDictionary(r => (string)r[0]!, r => (long)r[1]!);
        var acknowledgedTickets = attempts.Where(a => a.Kind == "ticket" && a.Acknowledged).Select(a => a.Key).ToList();
        var lostTickets = acknowledgedTickets.Where(subject => !tickets.ContainsKey(subject)).ToList();
        Assert.True(lostTickets.Count == 0, $"{lostTickets.Count} acknowledged tickets are not in the database: {string.Join(", ", lostTickets.Take(5))}");
        var doubled = tickets.Where(t => t.Value > 1).Select(t => t.Key).ToList();
        Assert.True(doubled.Count == 0, $"tickets written twice: {string.Join(", ", doubled)}");

        var processed = (await scenario.RowsAsync("SELECT event_id FROM processed_stripe_events")).Select(r => (string)r[0]!).ToHashSet();
        var handled = purchases.SelectMany(p => p.Events).Where(e => StripeStandIn.HandledTypes.Contains(e.Type)).ToList();
        Assert.All(handled, e => Assert.True(processed.Contains(e.Id), $"acknowledged event {e.Type} {e.Id} is not recorded as applied"));
        foreach (var (email, session, _) in purchases)
        {
            Assert.Equal("Paid", await scenario.ScalarAsync<string>("SELECT state FROM payments WHERE stripe_session_id = @p0", session));
            Assert.Equal(1L, await scenario.ScalarAsync<long>("""
                SELECT count(*) FROM enrollments e JOIN users u ON u.id = e.student_id WHERE u.normalized_email = upper(@p0)
                """, email));
            Assert.Equal(1L, await scenario.ScalarAsync<long>("""SELECT count(*) FROM outbox_emails WHERE "to" = @p0 AND subject LIKE 'Welcome%'""", email));
        }
        return ticks.Count + acknowledgedTickets.Count + handled.Count + purchases.Count * 3;
    }
}
