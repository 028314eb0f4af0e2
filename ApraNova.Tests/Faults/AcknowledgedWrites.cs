namespace ApraNova.Tests.Faults;

/// <summary>
/// The database read back after a fault: every write the api acknowledged (2xx) is there, once.
/// </summary>
public static class AcknowledgedWrites
{
    /// <summary>Asserts it for every kind of write in <paramref name="attempts"/>; returns how many writes were checked.</summary>
    public static async Task<int> AssertNoneLostAsync(FaultScenario scenario, IReadOnlyList<Attempt> attempts, IReadOnlyList<Purchase> purchases)
    {
        // Step ticks: the completion row of that student and step (ticking is idempotent, so a key once).
        var completions = (await scenario.RowsAsync("""
            SELECT u.full_name, c.step_id FROM step_completions c
            JOIN enrollments e ON e.id = c.enrollment_id JOIN users u ON u.id = e.student_id
            """)).Select(r => ((string)r[0]!).Replace("Fault ", "", StringComparison.Ordinal) + "/" + r[1]).ToHashSet();
        var ticks = attempts.Where(a => a.Kind == "tick" && a.Acknowledged).Select(a => a.Client + "/" + a.Key).Distinct().ToList();
        var lostTicks = ticks.Where(t => !completions.Contains(t)).ToList();
        Assert.True(lostTicks.Count == 0, $"{lostTicks.Count} acknowledged step ticks are not in the database: {string.Join(", ", lostTicks.Take(5))}");

        // Tickets: the ticket with that subject, once (none twice either, acknowledged or not).
        var tickets = (await scenario.RowsAsync("SELECT subject, count(*) FROM support_tickets GROUP BY subject"))
            .ToDictionary(r => (string)r[0]!, r => (long)r[1]!);
        var acknowledgedTickets = attempts.Where(a => a.Kind == "ticket" && a.Acknowledged).Select(a => a.Key).ToList();
        var lostTickets = acknowledgedTickets.Where(subject => !tickets.ContainsKey(subject)).ToList();
        Assert.True(lostTickets.Count == 0, $"{lostTickets.Count} acknowledged tickets are not in the database: {string.Join(", ", lostTickets.Take(5))}");
        var doubled = tickets.Where(t => t.Value > 1).Select(t => t.Key).ToList();
        Assert.True(doubled.Count == 0, $"tickets written twice: {string.Join(", ", doubled)}");

        // Sign-ups: exactly one email queued to that address (the confirmation link).
        var queued = (await scenario.RowsAsync("""SELECT "to", count(*) FROM outbox_emails GROUP BY "to" """))
            .ToDictionary(r => (string)r[0]!, r => (long)r[1]!, StringComparer.OrdinalIgnoreCase);
        var signUps = attempts.Where(a => a.Kind == "signup" && a.Acknowledged).Select(a => a.Key).ToList();
        var lostSignUps = signUps.Where(email => queued.GetValueOrDefault(email) != 1).ToList();
        Assert.True(lostSignUps.Count == 0, $"{lostSignUps.Count} acknowledged sign-ups do not have exactly one email queued: {string.Join(", ", lostSignUps.Take(5))}");

        // Webhooks (delivered until acknowledged): each handled event recorded as applied, and its
        // effects exactly once: the payment paid, one account enrolled once, one welcome email.
        var processed = (await scenario.RowsAsync("SELECT event_id FROM processed_stripe_events")).Select(r => (string)r[0]!).ToHashSet();
        var handled = purchases.SelectMany(p => p.Events).Where(e => StripeStandIn.HandledTypes.Contains(e.Type)).ToList();
        Assert.All(handled, e => Assert.True(processed.Contains(e.Id), $"acknowledged event {e.Type} {e.Id} is not recorded as applied"));
        foreach (var purchase in purchases)
        {
            Assert.Equal("Paid", await scenario.ScalarAsync<string>("SELECT state FROM payments WHERE stripe_session_id = @p0", purchase.SessionId));
            Assert.Equal(1L, await scenario.ScalarAsync<long>("SELECT count(*) FROM users WHERE normalized_email = upper(@p0)", purchase.Email));
            Assert.Equal(1L, await scenario.ScalarAsync<long>("""
                SELECT count(*) FROM enrollments e JOIN users u ON u.id = e.student_id WHERE u.normalized_email = upper(@p0)
                """, purchase.Email));
            Assert.Equal(1L, await scenario.ScalarAsync<long>("""SELECT count(*) FROM outbox_emails WHERE "to" = @p0 AND subject LIKE 'Welcome%'""", purchase.Email));
        }
        return ticks.Count + acknowledgedTickets.Count + signUps.Count + handled.Count + purchases.Count * 4;
    }
}
