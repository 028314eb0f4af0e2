using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Payments;
using ApraNova.Api.Features.Users;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Payments;

/// <summary>The ledger's search, abandoned checkouts and CSV export, on rows arranged in the database (no Stripe needed).</summary>
[Collection(ApiCollection.Name)]
public sealed class LedgerSearchAndExportTests(ApiFactory api)
{
    [Fact]
    public async Task Abandoned_checkouts_are_hidden_by_default_and_listed_on_request()
    {
        var tag = Guid.NewGuid().ToString("N")[..12];
        var now = DateTimeOffset.UtcNow;
        var live = await AddAsync($"live-{tag}@test.apranova.dev", PaymentState.Pending, now.AddHours(-23));
        var abandoned = await AddAsync($"gone-{tag}@test.apranova.dev", PaymentState.Pending, now.AddHours(-25));
        var paidLongAgo = await AddAsync($"paid-{tag}@test.apranova.dev", PaymentState.Paid, now.AddDays(-3));
        var admin = await api.CreateClientAsAsync(Roles.Admin);

        var shown = await Read<PaymentLedgerPage>(HttpStatusCode.OK, await admin.GetAsync($"/api/admin/payments?email={tag}"));
        Assert.Equal([live, paidLongAgo], shown.Items.Select(p => p.Id).ToArray());
        var totals = Assert.Single(shown.Totals);
        Assert.Equal((1, 0, 1), (totals.PendingCount, totals.AbandonedCount, totals.PaidCount));

        var all = await Read<PaymentLedgerPage>(HttpStatusCode.OK, await admin.GetAsync($"/api/admin/payments?email={tag}&includeAbandoned=true"));
        Assert.Equal(3, all.Total);
        Assert.True(all.Items.Single(p => p.Id == abandoned).Abandoned);
        Assert.False(all.Items.Single(p => p.Id == live).Abandoned);
        Assert.Equal(1, Assert.Single(all.Totals).AbandonedCount);

        var onlyAbandoned = await Read<PaymentLedgerPage>(HttpStatusCode.OK, await admin.GetAsync($"/api/admin/payments?email={tag}&state=abandoned"));
        Assert.Equal(abandoned, Assert.Single(onlyAbandoned.Items).Id);
        var pending = await Read<PaymentLedgerPage>(HttpStatusCode.OK, await admin.GetAsync($"/api/admin/payments?email={tag}&state=pending"));
        Assert.Equal(live, Assert.Single(pending.Items).Id);
    }

    [Fact]
    public async Task The_ledger_searches_by_part_of_the_email_within_a_date_range()
    {
        var tag = Guid.NewGuid().ToString("N")[..12];
        var now = DateTimeOffset.UtcNow;
        var march = await AddAsync($"Ada.{tag}@Example.org", PaymentState.Paid, new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
        await AddAsync($"ada.{tag}@example.org", PaymentState.Paid, new DateTimeOffset(2026, 5, 10, 9, 0, 0, TimeSpan.Zero));
        await AddAsync($"bob.{tag}@example.org", PaymentState.Paid, new DateTimeOffset(2026, 3, 11, 9, 0, 0, TimeSpan.Zero));
        var admin = await api.CreateClientAsAsync(Roles.Admin);

        var found = await Read<PaymentLedgerPage>(HttpStatusCode.OK, await admin.GetAsync(
            $"/api/admin/payments?email=ADA.{tag}&from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z"));
        Assert.Equal(march, Assert.Single(found.Items).Id);
        // LIKE wildcards are literal text.
        Assert.Equal(0, (await Read<PaymentLedgerPage>(HttpStatusCode.OK, await admin.GetAsync($"/api/admin/payments?email={tag}%25_"))).Total);
        await ExpectFieldError("state", await admin.GetAsync("/api/admin/payments?state=expired"));
    }

    [Fact]
    public async Task The_export_is_csv_of_the_filtered_ledger_with_formulas_defused()
    {
        var tag = Guid.NewGuid().ToString("N")[..12];
        var id = await AddAsync($"=cmd|'/c calc'!{tag}@example.org", PaymentState.Failed, DateTimeOffset.UtcNow.AddMinutes(-5),
            failure: "Card declined, \"insufficient funds\"");
        await AddAsync($"other-{tag}@example.org", PaymentState.Pending, DateTimeOffset.UtcNow.AddHours(-30));
        var admin = await api.CreateClientAsAsync(Roles.Admin);

        var response = await admin.GetAsync($"/api/admin/payments/export?email={tag}");
        await Expect(HttpStatusCode.OK, response);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString());
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(PaymentLedger.CsvHeader, lines[0]);
        var line = Assert.Single(lines.Skip(1)); // the abandoned one is hidden here too
        Assert.StartsWith($"{id},", line);
        Assert.Contains($",'=cmd|'/c calc'!{tag}@example.org,", line);
        Assert.Contains(",499.00,USD,failed,", line);
        Assert.EndsWith("\"Card declined, \"\"insufficient funds\"\"\"", line);

        var withAbandoned = await (await admin.GetAsync($"/api/admin/payments/export?email={tag}&includeAbandoned=true")).Content.ReadAsStringAsync();
        Assert.Contains(",abandoned,", withAbandoned);

        var student = await api.CreateClientAsAsync(Roles.Student);
        Assert.Equal(HttpStatusCode.Forbidden, (await student.GetAsync("/api/admin/payments/export")).StatusCode);
        await ExpectFieldError("state", await admin.GetAsync("/api/admin/payments/export?state=nope"));
    }

    private async Task<Guid> AddAsync(string email, PaymentState state, DateTimeOffset createdAt, string? failure = null)
    {
        await using var scope = api.CreateDbScope();
        var payment = new Payment
        {
            Id = Guid.CreateVersion7(), TrackCode = "DP", AmountCents = 49900, Currency = "usd", State = state, Email = email,
            StripeSessionId = "cs_test_" + Guid.NewGuid().ToString("N"), CreatedAt = createdAt, UpdatedAt = createdAt,
            PaidAt = state == PaymentState.Paid ? createdAt : null, FailureReason = failure,
        };
        scope.Db.Payments.Add(payment);
        await scope.Db.SaveChangesAsync();
        return payment.Id;
    }
}
