using System.Globalization;
using Xunit.Abstractions;

namespace ApraNova.Tests.Faults;

/// <summary>
/// PostgreSQL dies under write load (SIGKILL to the postmaster and every backend: no checkpoint,
/// no goodbye to clients) and is started again on the same data folder, while students tick steps
/// and open support tickets from several clients at once and Stripe's webhooks arrive. Afterwards
/// every request the api acknowledged (2xx) is in the database, each webhook applied exactly once,
/// and the same api process (never restarted) serves again. How long requests failed (or waited:
/// the api's database client retries transient failures) is printed, not asserted.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class PostgresRestartTests(FaultInfrastructure infrastructure, ITestOutputHelper output)
{
    private const int Students = 4;
    private const int Steps = 40;
    private const int Buyers = 8;
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
            var purchases = await FaultLoad.PurchasesAsync(stripe, scenario, track, Buyers);
            var deliveries = FaultLoad.Deliveries(purchases);

            var load = new LoadRecorder();
            using var stop = new CancellationTokenSource();
            var loops = students.Select(student => FaultLoad.StudentAsync(load, student, steps, stop.Token)).ToList();
            var stripeClient = scenario.NewClient();
            loops.Add(FaultLoad.WebhooksAsync(load, stripeClient, deliveries, Patience));

            // Steady load, webhooks a third delivered (the rest arrive during and after the fault), then the fault.
            await FaultScenario.WaitUntilAsync(
                () => (load.Successes >= 60 && load.Attempts.Count(a => a.Kind == "webhook" && a.Acknowledged) >= deliveries.Count / 3) || loops.Any(l => l.IsFaulted),
                Patience, () => load.Figures());
            var killedAt = load.Mark("postgres killed");
            var killed = await infrastructure.KillAsync(ResourceNames.Postgres);
            await Task.Delay(Outage);
            load.Mark("postgres starting");
            await infrastructure.StartAsync(ResourceNames.Postgres);
            var back = load.Mark("postgres answers");
            // Recovered: every student has written again since the database came back, and Stripe's
            // deliveries are all acknowledged.
            await FaultScenario.WaitUntilAsync(
                () => (students.All(s => load.SuccessesAfter(s.Name, back) >= 5) && loops[^1].IsCompleted) || loops.Any(l => l.IsFaulted),
                Patience, () => load.Figures());
            var recovered = load.Mark("every student writes again");
            stop.Cancel();
            await Task.WhenAll(loops);

            await FaultLoad.RedeliverAllAsync(load, stripeClient, purchases, Patience);
            var attempts = load.Attempts;
            var checkedWrites = await AcknowledgedWrites.AssertNoneLostAsync(scenario, attempts, purchases);

            load.Print(output, $"PostgreSQL SIGKILLed ({killed} processes) under write load, down {Outage.TotalSeconds:0} s, started again", a => a.Client != "redelivery");
            var failures = attempts.Where(a => a.Client != "redelivery" && !a.Acknowledged).ToList();
            var held = attempts.Where(a => a.Client != "redelivery" && a.Acknowledged && a.Start < back && a.End > back).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"database down (kill → answers): {back - killedAt:0.00}s; every student writing again {recovered - back:0.00}s after it answers"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"requests held through the outage and then acknowledged: {held.Count}, the longest {(held.Count == 0 ? 0 : held.Max(a => a.End - a.Start)):0.00}s"));
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
            if (failures.Any(a => a.Status >= 500))
            {
                // What the api says about its 5xx answers: each unhandled exception, with its call site.
                var log = api.Log.Split('\n');
                foreach (var start in log.Select((line, i) => (line, i)).Where(l => l.line.Contains("while executing the request", StringComparison.Ordinal)).Select(l => l.i).Take(2))
                {
                    output.WriteLine(string.Join('\n', log.Skip(start).Take(40).Where(line => !line.Contains("CompilerServices", StringComparison.Ordinal)).Take(25)));
                }
            }
            Assert.False(api.HasExited, "the api process died");
            // A request caught in flight by the crash may fail, but as a 503 to retry, never a 500.
            Assert.DoesNotContain(failures, a => a.Status == 500);
        }
        catch
        {
            output.WriteLine("--- api log ---\n" + api.Log);
            throw;
        }
    }
}
