using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApraNova.Api.Features.Account;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Files;
using ApraNova.Api.Features.Payments;
using ApraNova.Api.Features.Receipts;
using ApraNova.Api.Features.Tracks;
using ApraNova.Tests.Api.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Account;

/// <summary>
/// Export and deletion, checked against the database schema itself: which tables hold data about
/// a person is read from PostgreSQL's catalogue (foreign keys to users, person-ish columns, and
/// their children), so a table added later is covered without editing this test.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PersonalDataTests(ApiFactory api)
{
    /// <summary>Columns that name a person without a foreign key (the payments ledger, the audit log, the outbox).</summary>
    private static readonly string[] PersonColumns = ["user_id", "student_id", "owner_id", "author_id", "actor_id", "email", "to"];

    /// <summary>Tables reached through those rules that hold nothing about the person, and why.</summary>
    private static readonly Dictionary<string, string> NotPersonal = new()
    {
        ["roles"] = "the four role names",
        ["role_claims"] = "claims of roles, not of people",
        ["processed_stripe_events"] = "Stripe event ids already applied; nothing about the buyer",
    };

    [Fact]
    public async Task The_export_has_a_section_for_every_table_that_holds_data_about_a_person()
    {
        var scenario = await ArrangeAsync();
        var response = await scenario.Student.GetAsync("/api/account/export");
        await Expect(HttpStatusCode.OK, response);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString());
        var export = await response.Content.ReadFromJsonAsync<JsonElement>();

        var tables = await PersonalTablesAsync();
        Assert.Contains("users", tables);
        Assert.Contains("support_tickets", tables);
        Assert.Contains("ticket_attachments", tables);
        Assert.Contains("payments", tables);
        var missing = tables.Where(table => !export.TryGetProperty(CamelCase(table), out _)).ToList();
        Assert.True(missing.Count == 0, $"The export has no section for: {string.Join(", ", missing)} (add them to AccountExport, or to NotPersonal here with a reason).");

        // And the sections hold the person's data.
        Assert.Equal(scenario.Email, export.GetProperty("users").GetProperty("email").GetString());
        Assert.Equal(["student"], export.GetProperty("userRoles").EnumerateArray().Select(r => r.GetString()!).ToArray());
        Assert.Single(export.GetProperty("enrollments").EnumerateArray());
        Assert.Contains(export.GetProperty("submissions").EnumerateArray(), s => s.GetProperty("content").GetString() == scenario.Essay);
        Assert.Equal(2, export.GetProperty("storedFiles").GetArrayLength());
        Assert.Single(export.GetProperty("payments").EnumerateArray());
        Assert.Single(export.GetProperty("receipts").EnumerateArray());
        Assert.Single(export.GetProperty("supportTickets").EnumerateArray());
        Assert.Single(export.GetProperty("ticketAttachments").EnumerateArray());
        Assert.NotEmpty(export.GetProperty("refreshTokens").EnumerateArray());
        var actions = export.GetProperty("auditEntries").EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Contains("user.created", actions);
        Assert.Contains("enrollment.enrolled", actions);
        Assert.Contains("support.ticket_opened", actions);
        Assert.NotEmpty(export.GetProperty("outboxEmails").EnumerateArray());
        var raw = export.GetRawText();
        Assert.DoesNotContain(scenario.InternalNote, raw);
        Assert.DoesNotContain("tokenHash", raw);
        Assert.DoesNotContain("passwordHash", raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Deleting_the_account_leaves_no_personal_data_except_the_audit_log()
    {
        var scenario = await ArrangeAsync();
        List<string> storedNames;
        await using (var scope = api.CreateDbScope())
            storedNames = await scope.Db.StoredFiles.Where(f => f.OwnerId == scenario.StudentId).Select(f => f.StoredName).ToListAsync();
        Assert.Equal(2, storedNames.Count);

        await Expect(HttpStatusCode.NoContent, await scenario.Student.PostAsJsonAsync("/api/account/delete", new { currentPassword = ApiFactory.DefaultPassword }));

        // Every text column of every table, searched for the person's marks (email, name, essay, ticket subject all carry the tag).
        var found = await TablesContainingAsync(scenario.Tag);
        Assert.True(found.All(table => table == "audit_entries"), $"Personal data left in: {string.Join(", ", found)}");
        var store = api.Services.GetRequiredService<IFileStore>();
        Assert.All(storedNames, name => Assert.Null(store.OpenRead(name)));

        await using (var scope = api.CreateDbScope())
        {
            var user = await scope.Db.Users.SingleAsync(u => u.Id == scenario.StudentId);
            Assert.Equal(AccountDeletion.TombstoneName, user.FullName);
            Assert.Null(user.PasswordHash);
            Assert.Equal(EnrollmentStatus.Withdrawn, (await scope.Db.Enrollments.SingleAsync(e => e.StudentId == scenario.StudentId)).Status);
            var payment = await scope.Db.Payments.SingleAsync(p => p.Id == scenario.PaymentId);
            Assert.Equal((49900L, PaymentState.Paid, (string?)null), (payment.AmountCents, payment.State, payment.Email));
            Assert.Equal("", (await scope.Db.Receipts.SingleAsync(r => r.PaymentId == scenario.PaymentId)).BuyerEmail);
            Assert.True(await scope.Db.AuditEntries.AnyAsync(a => a.Action == "user.deleted" && a.SubjectId == scenario.StudentId.ToString()));
        }

        // The sessions are gone and the account cannot be entered again.
        Assert.Equal(HttpStatusCode.Unauthorized, (await scenario.Student.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await scenario.Student.PostAsync("/api/auth/refresh", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateApiClient().PostAsJsonAsync("/api/auth/login",
            new { email = scenario.Email, password = ApiFactory.DefaultPassword })).StatusCode);
        // The address is free for a new account.
        using var newcomer = await ApiFactory.SignUpAsync(api.CreateApiClient(), scenario.Email, fullName: "Someone New");
    }

    private sealed record Scenario(HttpClient Student, Guid StudentId, string Email, string Tag, string Essay, string InternalNote, Guid PaymentId);

    /// <summary>A student with a bit of everything: enrollment, text submission, uploads, a ticket with a staff note and attachment, a paid payment with a receipt.</summary>
    private async Task<Scenario> ArrangeAsync()
    {
        var tag = "zq" + Guid.NewGuid().ToString("N")[..12];
        var learning = new LearningDriver(api);
        var track = await learning.CreateTrackAsync((1, [DeliverableKind.Text]));
        await learning.AddTrainerAsync(track.Code);
        var student = api.CreateApiClient();
        var email = $"{tag}@test.apranova.dev";
        var signUp = await ApiFactory.SignUpAsync(student, email, fullName: $"Erin {tag}");
        var auth = await Read<ApraNova.Api.Features.Auth.AuthResponse>(HttpStatusCode.Created, signUp);
        student.DefaultRequestHeaders.Authorization = new("Bearer", auth.AccessToken);
        var studentId = auth.User.Id;
        await learning.EnrollAsync(studentId, track.Code);

        var essay = $"My essay about {tag}";
        await Expect(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions",
            new { deliverableId = track.Projects[0].Deliverables[0].Id, text = essay }));
        await student.UploadPdfAsync($"cv-{tag}.pdf");
        var screenshot = await student.UploadPdfAsync($"screen-{tag}.pdf");
        var ticket = (await SupportDriver.OpenAsync(student, $"Help {tag}", $"Message {tag}", [screenshot])).Ticket;
        var (staff, _, _) = await new SupportDriver(api).UserAsync(ApraNova.Api.Features.Users.Roles.Admin);
        var note = $"Internal {Guid.NewGuid():N}";
        await SupportDriver.ReplyAsync(staff, ticket.Id, note, @internal: true);
        await SupportDriver.ReplyAsync(staff, ticket.Id, $"Answer to {tag}");

        Guid paymentId;
        await using (var scope = api.CreateDbScope())
        {
            var payment = new Payment
            {
                Id = Guid.CreateVersion7(), TrackCode = track.Code, AmountCents = 49900, Currency = "usd", State = PaymentState.Paid, Email = email,
                UserId = studentId, StripeSessionId = "cs_test_" + Guid.NewGuid().ToString("N"),
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, PaidAt = DateTimeOffset.UtcNow,
            };
            scope.Db.Payments.Add(payment);
            await scope.Db.SaveChangesAsync();
            paymentId = payment.Id;
            await scope.Services.GetRequiredService<ReceiptIssuer>().IssueDueAsync(CancellationToken.None);
            Assert.True(await scope.Db.Receipts.AnyAsync(r => r.PaymentId == paymentId));
        }
        return new Scenario(student, studentId, email, tag, essay, note, paymentId);
    }

    /// <summary>Tables with a foreign key to users or a person column, plus (transitively) the tables whose rows hang off those.</summary>
    private async Task<HashSet<string>> PersonalTablesAsync()
    {
        await using var connection = new NpgsqlConnection(api.DatabaseConnectionString);
        await connection.OpenAsync();
        var foreignKeys = new List<(string Child, string Parent)>();
        await using (var command = new NpgsqlCommand("""
            SELECT child.relname, parent.relname
            FROM pg_constraint c
            JOIN pg_class child ON child.oid = c.conrelid
            JOIN pg_class parent ON parent.oid = c.confrelid
            JOIN pg_namespace n ON n.oid = child.relnamespace
            WHERE c.contype = 'f' AND n.nspname = 'public'
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                foreignKeys.Add((reader.GetString(0), reader.GetString(1)));

        var tables = new HashSet<string> { "users" };
        await using (var command = new NpgsqlCommand("""
            SELECT DISTINCT table_name FROM information_schema.columns
            WHERE table_schema = 'public' AND column_name = ANY($1)
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = PersonColumns });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));
        }
        bool grew;
        do
        {
            grew = false;
            foreach (var (child, parent) in foreignKeys)
                if (tables.Contains(parent) && !NotPersonal.ContainsKey(parent) && tables.Add(child))
                    grew = true;
        } while (grew);
        tables.ExceptWith(NotPersonal.Keys);
        tables.RemoveWhere(t => t.StartsWith("__", StringComparison.Ordinal));
        return tables;
    }

    /// <summary>The tables in which some text (or JSON) column contains <paramref name="text"/>.</summary>
    private async Task<List<string>> TablesContainingAsync(string text)
    {
        await using var connection = new NpgsqlConnection(api.DatabaseConnectionString);
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column)>();
        await using (var command = new NpgsqlCommand("""
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'character', 'jsonb', 'json')
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                columns.Add((reader.GetString(0), reader.GetString(1)));
        Assert.NotEmpty(columns);

        var found = new SortedSet<string>();
        foreach (var (table, column) in columns)
        {
            await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM \"{table}\" WHERE \"{column}\"::text ILIKE $1)", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = $"%{text}%" });
            if ((bool)(await command.ExecuteScalarAsync())!)
                found.Add(table);
        }
        return [.. found];
    }

    private static string CamelCase(string table)
    {
        var parts = table.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
