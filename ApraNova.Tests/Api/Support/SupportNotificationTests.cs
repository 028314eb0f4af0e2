using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Mail;
using ApraNova.Api.Features.Notifications;
using ApraNova.Api.Features.Support;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Support;

/// <summary>
/// Support events reach people through the notifications feature: an in-app notice of kind
/// <see cref="NotificationKind.SupportTicketUpdated"/> and, unless switched off, the desk's email.
/// Internal notes never reach the student; the same event told twice is told once.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SupportNotificationTests(ApiFactory api)
{
    private readonly SupportDriver driver = new(api);

    [Fact]
    public async Task A_staff_reply_tells_the_student_once_in_app_and_once_by_email()
    {
        var cast = await driver.CastAsync();
        var ticket = (await SupportDriver.OpenAsync(cast.Student, "Video does not play")).Ticket;
        var link = $"/support/{ticket.Id}";

        // The receipt of the request is the first notice on the ticket.
        var received = Assert.Single(await TicketNoticesAsync(cast.Student, link));
        Assert.Equal(NotificationKind.SupportTicketUpdated, received.Kind);
        Assert.Equal("[Ticket] We received your request: Video does not play", received.Title);
        var unreadBefore = await UnreadAsync(cast.Student);
        var emailsBefore = (await TicketEmailsAsync(cast.StudentEmail)).Count;

        await SupportDriver.ReplyAsync(cast.Staff, ticket.Id, "Clear the cache and reload the lesson.");

        Assert.Equal(unreadBefore + 1, await UnreadAsync(cast.Student));
        var notices = await TicketNoticesAsync(cast.Student, link);
        Assert.Equal(2, notices.Count);
        var answer = notices[0];
        Assert.Equal(NotificationKind.SupportTicketUpdated, answer.Kind);
        Assert.Equal("[Ticket] New answer to your request: Video does not play", answer.Title);
        Assert.Equal(link, answer.Link);
        Assert.Contains("Clear the cache and reload the lesson.", answer.Body);
        Assert.Null(answer.ReadAt);

        var emails = await TicketEmailsAsync(cast.StudentEmail);
        Assert.Equal(emailsBefore + 1, emails.Count);
        var email = emails[^1];
        Assert.Equal(answer.Title, email.Subject);
        Assert.Contains("Test admin answered:\n\nClear the cache and reload the lesson.", email.TextBody);
        Assert.Contains($"Open the ticket: http://localhost:3000{link}", email.TextBody);
        Assert.Contains("<!DOCTYPE html>", email.HtmlBody);
        Assert.Contains($"<a href=\"http://localhost:3000{link}\"", email.HtmlBody);
        Assert.Contains(">Open the ticket</a>", email.HtmlBody);

        // A staff reply tells nobody on the desk side.
        Assert.Empty(await TicketNoticesAsync(cast.Trainer, $"/staff/support/{ticket.Id}"));
        Assert.Empty(await TicketNoticesAsync(cast.Staff, $"/staff/support/{ticket.Id}"));

        // Each new reply is told once more, even with the same words.
        await SupportDriver.ReplyAsync(cast.Staff, ticket.Id, "Clear the cache and reload the lesson.");
        Assert.Equal(3, (await TicketNoticesAsync(cast.Student, link)).Count);
        Assert.Equal(emailsBefore + 2, (await TicketEmailsAsync(cast.StudentEmail)).Count);
    }

    [Fact]
    public async Task An_internal_note_tells_the_assignee_and_never_the_student()
    {
        var cast = await driver.CastAsync();
        var (colleague, colleagueId, colleagueEmail) = await driver.UserAsync(Roles.Admin);
        var ticket = (await SupportDriver.OpenAsync(cast.Student)).Ticket;
        await Expect(HttpStatusCode.OK, await cast.Staff.PutAsJsonAsync($"/api/admin/support/tickets/{ticket.Id}/assignee", new { assigneeId = colleagueId }));
        var deskLink = $"/staff/support/{ticket.Id}";
        var assigned = Assert.Single(await TicketNoticesAsync(colleague, deskLink));
        Assert.StartsWith("[Ticket] Ticket assigned to you:", assigned.Title);
        var studentNotices = (await ListAsync(cast.Student)).Total;
        var studentEmails = (await api.ReadOutboxAsync(cast.StudentEmail)).Count;
        var secret = $"NOTE-{Guid.NewGuid():N}";

        await SupportDriver.ReplyAsync(cast.Staff, ticket.Id, $"Their card was flagged. {secret}", @internal: true);

        // The assignee is told, in-app and by email.
        var note = (await TicketNoticesAsync(colleague, deskLink))[0];
        Assert.StartsWith("[Ticket] Internal note on:", note.Title);
        Assert.Contains(secret, note.Body);
        Assert.Contains(await api.ReadOutboxAsync(colleagueEmail), m => m.TextBody.Contains(secret));
        // The student is not, anywhere, and neither is the trainer.
        Assert.Equal(studentNotices, (await ListAsync(cast.Student)).Total);
        Assert.Equal(studentEmails, (await api.ReadOutboxAsync(cast.StudentEmail)).Count);
        Assert.DoesNotContain((await ListAsync(cast.Trainer)).Items, n => n.Body.Contains(secret));
        Assert.DoesNotContain(await api.ReadOutboxAsync(cast.TrainerEmail), m => m.TextBody.Contains(secret));
        await using (var scope = api.CreateDbScope())
            Assert.Equal([colleagueId], await scope.Db.Notifications.Where(n => n.Body.Contains(secret)).Select(n => n.UserId).ToListAsync());

        // The assignee's own note tells nobody.
        var notesBefore = (await ListAsync(colleague)).Total;
        await SupportDriver.ReplyAsync(colleague, ticket.Id, "Noted, calling the bank.", @internal: true);
        Assert.Equal(notesBefore, (await ListAsync(colleague)).Total);
        Assert.Equal(studentNotices, (await ListAsync(cast.Student)).Total);
    }

    [Fact]
    public async Task A_student_reply_tells_the_trainer_while_unassigned_then_the_assignee()
    {
        var cast = await driver.CastAsync();
        var (colleague, colleagueId, colleagueEmail) = await driver.UserAsync(Roles.Admin);
        var ticket = (await SupportDriver.OpenAsync(cast.Student)).Ticket;
        var deskLink = $"/staff/support/{ticket.Id}";

        await SupportDriver.ReplyAsync(cast.Student, ticket.Id, "It also fails on my phone.");
        var toTrainer = Assert.Single(await TicketNoticesAsync(cast.Trainer, deskLink));
        Assert.Equal(NotificationKind.SupportTicketUpdated, toTrainer.Kind);
        Assert.StartsWith("[Ticket] Student replied:", toTrainer.Title);
        Assert.Contains("It also fails on my phone.", toTrainer.Body);
        Assert.Single(await api.ReadOutboxAsync(cast.TrainerEmail), m => m.TextBody.Contains("It also fails on my phone."));
        Assert.Empty(await TicketNoticesAsync(cast.Staff, deskLink));

        await Expect(HttpStatusCode.OK, await cast.Staff.PutAsJsonAsync($"/api/admin/support/tickets/{ticket.Id}/assignee", new { assigneeId = colleagueId }));
        await SupportDriver.ReplyAsync(cast.Student, ticket.Id, "And on the library computer.");
        var toAssignee = (await TicketNoticesAsync(colleague, deskLink))[0];
        Assert.StartsWith("[Ticket] Student replied:", toAssignee.Title);
        Assert.Contains("And on the library computer.", toAssignee.Body);
        Assert.Single(await api.ReadOutboxAsync(colleagueEmail), m => m.TextBody.Contains("And on the library computer."));
        // The trainer heard of the first reply only.
        Assert.Single(await TicketNoticesAsync(cast.Trainer, deskLink));

        // The student resolving the ticket is news for the assignee too.
        await Expect(HttpStatusCode.OK, await cast.Student.PostAsync($"/api/support/tickets/{ticket.Id}/resolve", null));
        Assert.StartsWith("[Ticket] Student resolved:", (await TicketNoticesAsync(colleague, deskLink))[0].Title);
    }

    [Fact]
    public async Task Support_emails_switched_off_keep_the_in_app_notice_and_send_no_email()
    {
        var cast = await driver.CastAsync();
        foreach (var client in new[] { cast.Student, cast.Trainer, cast.Staff })
        {
            var offered = await Read<List<NotificationPreferenceView>>(HttpStatusCode.OK, await client.GetAsync("/api/notifications/preferences"));
            var support = Assert.Single(offered, p => p.Kind == NotificationKind.SupportTicketUpdated);
            Assert.StartsWith("Support requests", support.Label);
            Assert.True(support.Email);
        }
        var saved = await Read<List<NotificationPreferenceView>>(HttpStatusCode.OK, await cast.Student.PutAsJsonAsync("/api/notifications/preferences",
            new { preferences = new[] { new { kind = "supportTicketUpdated", email = false } } }));
        Assert.False(saved.Single(p => p.Kind == NotificationKind.SupportTicketUpdated).Email);

        var ticket = (await SupportDriver.OpenAsync(cast.Student, "Where is my certificate")).Ticket;
        await SupportDriver.ReplyAsync(cast.Staff, ticket.Id, "It is on your dashboard now.");
        await Expect(HttpStatusCode.OK, await cast.Staff.PostAsync($"/api/support/tickets/{ticket.Id}/resolve", null));

        var notices = await TicketNoticesAsync(cast.Student, $"/support/{ticket.Id}");
        Assert.Equal(3, notices.Count);
        Assert.Contains(notices, n => n.Body.Contains("It is on your dashboard now."));
        Assert.Empty(await TicketEmailsAsync(cast.StudentEmail));
        // The choice is the student's own: the desk side (here the trainer) still gets its emails.
        await Expect(HttpStatusCode.OK, await cast.Student.PostAsync($"/api/support/tickets/{ticket.Id}/reopen", null));
        Assert.Single(await TicketEmailsAsync(cast.TrainerEmail), m => m.Subject.StartsWith("[Ticket] Student reopened", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_event_told_again_is_stored_and_mailed_once()
    {
        var cast = await driver.CastAsync();
        var (_, colleagueId, colleagueEmail) = await driver.UserAsync(Roles.Admin);
        var ticket = (await SupportDriver.OpenAsync(cast.Student)).Ticket;
        var thread = await SupportDriver.ReplyAsync(cast.Staff, ticket.Id, "Please send a screenshot.");
        var replyId = thread.Messages[^1].Id;
        var link = $"/support/{ticket.Id}";
        Assert.Equal(2, (await TicketNoticesAsync(cast.Student, link)).Count);
        var emails = (await TicketEmailsAsync(cast.StudentEmail)).Count;

        // The notifier asked again about the same reply (a retried delivery, two racing requests).
        await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            await using var scope = api.CreateDbScope();
            var stored = await scope.Db.SupportTickets.AsNoTracking().SingleAsync(t => t.Id == ticket.Id);
            var message = await scope.Db.TicketMessages.AsNoTracking().SingleAsync(m => m.Id == replyId);
            await scope.Services.GetRequiredService<SupportNotifier>().MessageAddedAsync(stored, message, "Test admin", CancellationToken.None);
        }));
        Assert.Equal(2, (await TicketNoticesAsync(cast.Student, link)).Count);
        Assert.Equal(emails, (await TicketEmailsAsync(cast.StudentEmail)).Count);

        // A retried resolve is refused and tells nothing more; so is a retried assignment.
        await Expect(HttpStatusCode.OK, await cast.Staff.PostAsync($"/api/support/tickets/{ticket.Id}/resolve", null));
        await ExpectProblem(HttpStatusCode.Conflict, await cast.Staff.PostAsync($"/api/support/tickets/{ticket.Id}/resolve", null));
        Assert.Single(await TicketNoticesAsync(cast.Student, link), n => n.Title.StartsWith("[Ticket] Your request is resolved", StringComparison.Ordinal));
        Assert.Single(await TicketEmailsAsync(cast.StudentEmail), m => m.Subject.StartsWith("[Ticket] Your request is resolved", StringComparison.Ordinal));
        for (var attempt = 0; attempt < 2; attempt++)
            await Expect(HttpStatusCode.OK, await cast.Staff.PutAsJsonAsync($"/api/admin/support/tickets/{ticket.Id}/assignee", new { assigneeId = colleagueId }));
        Assert.Single(await api.ReadOutboxAsync(colleagueEmail), m => m.Subject.StartsWith("[Ticket] Ticket assigned to you", StringComparison.Ordinal));

        // A later reopening and resolution are new events, told once each.
        await Expect(HttpStatusCode.OK, await cast.Staff.PostAsync($"/api/support/tickets/{ticket.Id}/reopen", null));
        await Expect(HttpStatusCode.OK, await cast.Staff.PostAsync($"/api/support/tickets/{ticket.Id}/resolve", null));
        var titles = (await TicketNoticesAsync(cast.Student, link)).Select(n => n.Title).ToList();
        Assert.Equal(2, titles.Count(t => t.StartsWith("[Ticket] Your request is resolved", StringComparison.Ordinal)));
        Assert.Single(titles, t => t.StartsWith("[Ticket] Your request is open again", StringComparison.Ordinal));
        // Reassigned away and back: the colleague is told again.
        await Expect(HttpStatusCode.OK, await cast.Staff.PutAsJsonAsync($"/api/admin/support/tickets/{ticket.Id}/assignee", new { assigneeId = (Guid?)null }));
        await Expect(HttpStatusCode.OK, await cast.Staff.PutAsJsonAsync($"/api/admin/support/tickets/{ticket.Id}/assignee", new { assigneeId = colleagueId }));
        Assert.Equal(2, (await api.ReadOutboxAsync(colleagueEmail)).Count(m => m.Subject.StartsWith("[Ticket] Ticket assigned to you", StringComparison.Ordinal)));
    }

    /// <summary>The caller's support notices that open <paramref name="link"/>, newest first.</summary>
    private static async Task<List<NotificationView>> TicketNoticesAsync(HttpClient client, string link) =>
        [.. (await ListAsync(client)).Items.Where(n => n.Kind == NotificationKind.SupportTicketUpdated && n.Link == link)];

    private static async Task<Paged<NotificationView>> ListAsync(HttpClient client) =>
        await Read<Paged<NotificationView>>(HttpStatusCode.OK, await client.GetAsync("/api/notifications?pageSize=100"));

    private static async Task<int> UnreadAsync(HttpClient client) =>
        (await Read<NotificationSummary>(HttpStatusCode.OK, await client.GetAsync("/api/notifications/summary"))).Unread;

    /// <summary>The support desk's emails to <paramref name="email"/>, oldest first.</summary>
    private async Task<List<OutboxEmail>> TicketEmailsAsync(string email) =>
        [.. (await api.ReadOutboxAsync(email)).Where(m => m.Subject.StartsWith("[Ticket]", StringComparison.Ordinal))];
}
