using System.Globalization;
using ApraNova.Tests.Api.Mail;
using Xunit.Abstractions;

namespace ApraNova.Tests.Faults;

/// <summary>
/// Two api processes on one database and one Redis behind one front (round-robin over the
/// targets that pass their health check, as the load balancer does), each with its outbox
/// deliverer on one SMTP relay. Mid-traffic (students ticking steps and opening tickets, visitors
/// signing up, Stripe's webhooks with redeliveries) one of them is SIGKILLed. Afterwards no
/// acknowledged write is lost, every webhook was applied exactly once, and the outbox's mail
/// reached the relay exactly once, the email the dead process was sending at that instant aside
/// (see <see cref="MailInDoubtAtTheKill"/>).
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class ApiInstanceKillTests(FaultInfrastructure infrastructure, ITestOutputHelper output)
{
    private const int Students = 3;
    private const int Steps = 40;
    private const int Buyers = 8;

    /// <summary>
    /// A process killed after the relay accepted an email and before it recorded that (one
    /// statement's time) leaves that one email in doubt: it is sent again by the surviving task.
    /// No sender can avoid it (SMTP and SES accept no idempotency key, and the alternative is
    /// losing the email); the deliverer commits each email on its own, so at most this one is in doubt.
    /// </summary>
    private const int MailInDoubtAtTheKill = 1;

    /// <summary>Not performance bounds: how long we let each phase take before calling it a failure.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task One_of_two_api_instances_killed_mid_traffic_loses_no_acknowledged_write_applies_webhooks_once_and_sends_mail_once()
    {
        var database = await infrastructure.CreateDatabaseAsync();
        await using var smtp = new FakeSmtpServer();
        await using var stripe = await StripeStandIn.StartAsync();
        var settings = FaultScenario.ApiSettings(database, infrastructure.RedisConnectionString, FaultScenario.NewSigningKey(),
            new Dictionary<string, string>(stripe.ApiSettings)
            {
                ["Mail:Smtp:Host"] = "127.0.0.1",
                ["Mail:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
                ["Mail:Smtp:EnableSsl"] = "false",
                ["Mail:PollInterval"] = "00:00:00.200",
                ["Receipts:PollInterval"] = "00:00:00.500",
                // Every client reaches the apis through the one front (one address): per-address
                // limits are not what this test is about.
                ["RateLimiting:Policies:signup-ip:PermitLimit"] = "100000",
                ["RateLimiting:Policies:checkout-ip:PermitLimit"] = "100000",
            });
        await using var survivor = await ApiProcess.StartAsync("api-1", settings);
        await using var victim = await ApiProcess.StartAsync("api-2", settings);
        await using var front = await RoundRobinFront.StartAsync([survivor.Address, victim.Address]);
        try
        {
            var scenario = new FaultScenario(front.Address, database);
            var (track, steps) = await scenario.CreateTrackAsync(Steps);
            var students = await Task.WhenAll(Enumerable.Range(1, Students).Select(i => scenario.StudentAsync($"student{i}", track)));
            var purchases = await FaultLoad.PurchasesAsync(stripe, scenario, track, Buyers);
            var deliveries = FaultLoad.Deliveries(purchases);

            var load = new LoadRecorder();
            var transitions = 0;
            front.ServiceChanged += (target, inService) => load.Mark(
                $"front: {(target == survivor.Address ? "api-1" : "api-2")} {(inService ? "back in service" : "out of service")} (#{Interlocked.Increment(ref transitions)})");
            using var stop = new CancellationTokenSource();
            var loops = students.Select(student => FaultLoad.StudentAsync(load, student, steps, stop.Token)).ToList();
            loops.Add(FaultLoad.SignUpsAsync(load, "visitors", scenario.NewClient(), stop.Token));
            var stripeClient = scenario.NewClient();
            var webhooks = FaultLoad.WebhooksAsync(load, stripeClient, deliveries, Patience);
            loops.Add(webhooks);

            // Steady traffic, mail flowing and webhooks a third delivered (the rest arrive across the kill), then the kill.
            await FaultScenario.WaitUntilAsync(
                () => (load.Successes >= 60 && smtp.Messages.Count >= 5 && load.Attempts.Count(a => a.Kind == "webhook" && a.Acknowledged) >= deliveries.Count / 3)
                    || loops.Any(l => l.IsFaulted),
                Patience, () => load.Figures() + $"\nmail sent: {smtp.Messages.Count}");
            var kill = load.Mark("api-2 killed");
            victim.Kill();
            await FaultScenario.WaitUntilAsync(() => !front.IsInService(victim.Address), Patience, () => "the front still sends to the dead task");
            var outOfService = load.Mark("front stops sending to api-2");
            await FaultScenario.WaitUntilAsync(
                () => (students.All(s => load.SuccessesAfter(s.Name, outOfService) >= 5) && load.SuccessesAfter("visitors", outOfService) >= 5 && webhooks.IsCompleted)
                    || loops.Any(l => l.IsFaulted),
                Patience, () => load.Figures());
            load.Mark("every client writes again");
            stop.Cancel();
            await Task.WhenAll(loops);

            await FaultLoad.RedeliverAllAsync(load, stripeClient, purchases, Patience);
            // The survivor's deliverer drains the outbox, whatever the dead task had claimed included.
            // Receipts are issued by a background pass after the payment, so their emails can be
            // queued after the rest: wait until the outbox is drained and every queued email has
            // reached the relay (judged in AssertMailSentOnceAsync).
            await FaultScenario.WaitUntilAsync(
                async () => await scenario.ScalarAsync<long>("SELECT count(*) FROM outbox_emails WHERE sent_at IS NULL") == 0
                    && (await NotRelayedAsync(scenario, smtp)).Count == 0,
                Patience, () => "mail left unsent in the outbox, or not at the relay");
            var attempts = load.Attempts;
            var checkedWrites = await AcknowledgedWrites.AssertNoneLostAsync(scenario, attempts, purchases);
            var (emails, sentTwice) = await AssertMailSentOnceAsync(scenario, smtp);

            load.Print(output, "one of two api processes SIGKILLed mid-traffic behind a round-robin front", a => a.Client != "redelivery");
            var failures = attempts.Where(a => a.Client != "redelivery" && !a.Acknowledged).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"the front took the dead task out of service {outOfService - kill:0.00}s after the kill (health check every 250 ms, out after two failures)"));
            output.WriteLine(failures.Count == 0
                ? "no request failed"
                : string.Create(CultureInfo.InvariantCulture,
                    $"requests failed during {failures.Max(a => a.End) - failures.Min(a => a.Start):0.00}s, the last ending {failures.Max(a => a.End) - kill:0.00}s after the kill"));
            output.WriteLine($"writes checked in the database: {checkedWrites}; emails checked at the relay: {emails}, of them sent twice (in flight at the kill): {sentTwice}");
            Assert.False(survivor.HasExited, "the surviving api process died");
        }
        catch
        {
            output.WriteLine("--- api-1 log ---\n" + survivor.Log);
            output.WriteLine("--- api-2 log ---\n" + victim.Log);
            throw;
        }
    }

    /// <summary>Emails per address: queued in the outbox, and received by the relay.</summary>
    private static async Task<(Dictionary<string, long> Queued, Dictionary<string, long> Relayed)> QueuedAndRelayedAsync(FaultScenario scenario, FakeSmtpServer smtp)
    {
        var queued = (await scenario.RowsAsync("""SELECT "to", count(*) FROM outbox_emails GROUP BY "to" """))
            .ToDictionary(r => ((string)r[0]!).ToLowerInvariant(), r => (long)r[1]!);
        var relayed = smtp.Messages.SelectMany(m => m.To).Select(to => to.Trim('<', '>').ToLowerInvariant())
            .GroupBy(to => to).ToDictionary(g => g.Key, g => (long)g.Count());
        return (queued, relayed);
    }

    /// <summary>Addresses with fewer emails at the relay than queued for them.</summary>
    private static async Task<List<string>> NotRelayedAsync(FaultScenario scenario, FakeSmtpServer smtp)
    {
        var (queued, relayed) = await QueuedAndRelayedAsync(scenario, smtp);
        return [.. queued.Where(q => relayed.GetValueOrDefault(q.Key) < q.Value).Select(q => $"{q.Key} ({relayed.GetValueOrDefault(q.Key)} of {q.Value})")];
    }

    /// <summary>Every queued email reached the relay, each exactly once but for the one in doubt at the kill. Returns (emails, sent twice).</summary>
    private static async Task<(int Emails, int SentTwice)> AssertMailSentOnceAsync(FaultScenario scenario, FakeSmtpServer smtp)
    {
        var (queued, relayed) = await QueuedAndRelayedAsync(scenario, smtp);
        var missing = await NotRelayedAsync(scenario, smtp);
        Assert.True(missing.Count == 0, $"emails that never reached the relay: {string.Join(", ", missing.Take(5))}");
        var unknown = relayed.Keys.Where(to => !queued.ContainsKey(to)).ToList();
        Assert.True(unknown.Count == 0, $"the relay got mail nobody queued: {string.Join(", ", unknown.Take(5))}");
        var twice = queued.Sum(q => relayed[q.Key] - q.Value);
        Assert.True(twice <= MailInDoubtAtTheKill, $"{twice} emails reached the relay twice (at most {MailInDoubtAtTheKill}, the one in flight at the kill, may): " +
            string.Join(", ", queued.Where(q => relayed[q.Key] > q.Value).Select(q => $"{q.Key} ×{relayed[q.Key]}").Take(10)));
        return ((int)queued.Values.Sum(), (int)twice);
    }
}
