using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ApraNova.Tests.Api.Mail;
using ApraNova.Tests.Api.Payments;
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
    private const int Buyers = 6;

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
            var purchases = new List<(string Email, string SessionId, IReadOnlyList<RecordedEvent> Events)>();
            for (var i = 0; i < Buyers; i++)
            {
                var email = Api.ApiFactory.NewEmail("fault-buyer");
                var (session, events) = await stripe.PayAsync(scenario.NewClient(), track, email);
                purchases.Add((email, session, events));
            }
            // Stripe's deliveries: every event, a third of them twice, shuffled, spread over the run.
            var deliveries = purchases.SelectMany(p => p.Events).SelectMany((e, i) => i % 3 == 0 ? new[] { e, e } : [e]).ToList();
            Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(deliveries));

            var load = new LoadRecorder();
            using var stop = new CancellationTokenSource();
            var killed = new TaskCompletionSource();
            var loops = students.Select(student => StudentLoadAsync(load, student, steps, stop.Token)).ToList();
            var visitors = scenario.NewClient();
            loops.Add(SignUpLoadAsync(load, visitors, stop.Token));
            var stripeClient = scenario.NewClient();
            loops.Add(Task.Run(async () =>
            {
                for (var i = 0; i < deliveries.Count; i++)
                {
                    if (i == deliveries.Count / 2)
                    {
                        await killed.Task; // the second half while one task is dead, then gone
                    }
                    await FaultScenario.DeliverUntilAcknowledgedAsync(load, "stripe", stripeClient, deliveries[i], Patience);
                    await Task.Delay(30);
                }
            }));

            // Steady traffic and mail flowing, then the kill.
            await FaultScenario.WaitUntilAsync(() => (load.Successes >= 60 && smtp.Messages.Count >= 5) || loops.Any(l => l.IsFaulted),
                Patience, () => load.Figures() + $"\nmail sent: {smtp.Messages.Count}");
            load.Mark("api-2 killed");
            victim.Kill();
            killed.SetResult();
            await FaultScenario.WaitUntilAsync(() => !front.IsInService(victim.Address), Patience, () => "the front still sends to the dead task");
            var outOfService = load.Mark("front stops sending to api-2");
            await FaultScenario.WaitUntilAsync(
                () => (students.All(s => load.SuccessesAfter(s.Name, outOfService) >= 5) && load.SuccessesAfter("visitors", outOfService) >= 5) || loops.Any(l => l.IsFaulted),
                Patience, () => load.Figures());
            load.Mark("every client writes again");
            stop.Cancel();
            await Task.WhenAll(loops);

            // Every event delivered once more, now that all is quiet: all of them are duplicates.
            foreach (var stripeEvent in purchases.SelectMany(p => p.Events))
            {
                var again = await FaultScenario.DeliverUntilAcknowledgedAsync(load, "redelivery", stripeClient, stripeEvent, Patience);
                var outcome = JsonDocument.Parse(again.Body).RootElement.GetProperty("outcome").GetString();
                Assert.True(outcome is "duplicate" or "ignored", $"{stripeEvent.Type} {stripeEvent.Id} applied again after the kill: {outcome}");
            }

            // The survivor's deliverer drains the outbox, the dead task's claims included.
            await FaultScenario.WaitUntilAsync(
                async () => await scenario.ScalarAsync<long>("SELECT count(*) FROM outbox_emails WHERE sent_at IS NULL") == 0,
                Patience, () => "mail left unsent in the outbox");
            var attempts = load.Attempts;
            var checkedWrites = await AssertNothingAcknowledgedIsLostAsync(scenario, attempts, purchases);
            var (emails, inDoubt) = await AssertMailSentOnceAsync(scenario, smtp);

            load.Print(output, "one of two api processes SIGKILLed mid-traffic behind a round-robin front", a => a.Client != "redelivery");
            var failures = attempts.Where(a => a.Client != "redelivery" && !a.Acknowledged).ToList();
            var kill = load["api-2 killed"];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"front took the dead task out of service {outOfService - kill:0.00}s after the kill (health check every 250 ms, out after two failures)"));
            output.WriteLine(failures.Count == 0
                ? "no request failed"
                : string.Create(CultureInfo.InvariantCulture,
                    $"requests failed during {failures.Max(a => a.End) - failures.Min(a => a.Start):0.00}s, the last {failures.Max(a => a.End) - kill:0.00}s after the kill"));
            output.WriteLine($"writes checked in the database: {checkedWrites}; emails checked at the relay: {emails}, sent twice (in doubt at the kill): {inDoubt}");
            Assert.False(survivor.HasExited, "the surviving api process died");
        }
        catch
        {
            output.WriteLine("--- api-1 log ---\n" + survivor.Log);
            output.WriteLine("--- api-2 log ---\n" + victim.Log);
            throw;
        }
    }

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

    /// <summary>Visitors signing up: each acknowledged (202) sign-up is an email queued to its address.</summary>
    private static async Task SignUpLoadAsync(LoadRecorder load, HttpClient client, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var email = Api.ApiFactory.NewEmail("fault-visitor");
            await load.SendAsync("visitors", "signup", email, client, () => new HttpRequestMessage(HttpMethod.Post, "/api/auth/signup")
            {
                Content = JsonContent.Create(new { email, password = FaultScenario.Password, fullName = "Fault Visitor" }),
            });
            await Task.Delay(50, CancellationToken.None);
        }
    }

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
        Assert.True(tickets.All(t => t.Value == 1), "a ticket was written twice");

        var queued = (await scenario.RowsAsync("""SELECT "to", count(*) FROM outbox_emails GROUP BY "to" """))
            .ToDictionary(r => (string)r[0]!, r => (long)r[1]!, StringComparer.OrdinalIgnoreCase);
        var signUps = attempts.Where(a => a.Kind == "signup" && a.Acknowledged).Select(a => a.Key).ToList();
        var lostSignUps = signUps.Where(email => queued.GetValueOrDefault(email) != 1).ToList();
        Assert.True(lostSignUps.Count == 0, $"{lostSignUps.Count} acknowledged sign-ups do not have exactly one email queued: {string.Join(", ", lostSignUps.Take(5))}");

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
        return ticks.Count + acknowledgedTickets.Count + signUps.Count + handled.Count + purchases.Count * 3;
    }

    /// <summary>Every queued email reached the relay, each exactly once but for the one in doubt at the kill. Returns (emails, sent twice).</summary>
    private static async Task<(int Emails, int SentTwice)> AssertMailSentOnceAsync(FaultScenario scenario, FakeSmtpServer smtp)
    {
        var queued = (await scenario.RowsAsync("""SELECT "to", count(*) FROM outbox_emails GROUP BY "to" """))
            .ToDictionary(r => ((string)r[0]!).ToLowerInvariant(), r => (long)r[1]!);
        var relayed = smtp.Messages.SelectMany(m => m.To).Select(to => to.Trim('<', '>').ToLowerInvariant())
            .GroupBy(to => to).ToDictionary(g => g.Key, g => (long)g.Count());
        var missing = queued.Where(q => relayed.GetValueOrDefault(q.Key) < q.Value).Select(q => $"{q.Key} ({relayed.GetValueOrDefault(q.Key)} of {q.Value})").ToList();
        Assert.True(missing.Count == 0, $"emails that never reached the relay: {string.Join(", ", missing.Take(5))}");
        var unknown = relayed.Keys.Where(to => !queued.ContainsKey(to)).ToList();
        Assert.True(unknown.Count == 0, $"the relay got mail nobody queued: {string.Join(", ", unknown.Take(5))}");
        var twice = queued.Sum(q => relayed[q.Key] - q.Value);
        Assert.True(twice <= MailInDoubtAtTheKill, $"{twice} emails reached the relay twice (at most {MailInDoubtAtTheKill}, the one in flight at the kill, may): " +
            string.Join(", ", queued.Where(q => relayed[q.Key] > q.Value).Select(q => $"{q.Key} ×{relayed[q.Key]}").Take(10)));
        return ((int)queued.Values.Sum(), (int)twice);
    }
}
