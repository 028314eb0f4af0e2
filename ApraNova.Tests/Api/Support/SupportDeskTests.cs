using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Notifications;
using ApraNova.Api.Features.Support;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Support;

[Collection(ApiCollection.Name)]
public sealed class SupportDeskTests(ApiFactory api)
{
    private readonly SupportDriver driver = new(api);

    [Fact]
    public async Task A_long_answer_whose_notice_is_cut_inside_an_emoji_is_sent_and_notified()
    {
        var cast = await driver.CastAsync();
        var opened = await SupportDriver.OpenAsync(cast.Student, "Emoji everywhere");

        // The in-app notice keeps 4,000 characters of "<name> answered: <answer>". One of these two
        // answers (they differ by one character) puts that cut between the two halves of an emoji,
        // which PostgreSQL cannot store: the answer must still be sent, with its notice cut before it.
        foreach (var answer in new[] { string.Concat(Enumerable.Repeat("😀", 3_000)), "a" + string.Concat(Enumerable.Repeat("😀", 3_000)) })
            await SupportDriver.ReplyAsync(cast.Staff, opened.Ticket.Id, answer);

        var notices = (await Read<Paged<NotificationView>>(HttpStatusCode.OK, await cast.Student.GetAsync("/api/notifications"))).Items
            .Where(n => n.Title.Contains("New answer", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, notices.Count);
        Assert.All(notices, n =>
        {
            Assert.EndsWith("😀…", n.Body);
            Assert.InRange(n.Body.Length, 3_999, 4_000);
        });
    }

    [Fact]
    public async Task A_ticket_goes_from_open_to_answered_to_resolved_and_back_with_an_email_at_each_reply()
    {
        var cast = await driver.CastAsync();
        var screenshot = await cast.Student.UploadPdfAsync("screenshot.pdf");

        var opened = await SupportDriver.OpenAsync(cast.Student, "Cannot submit project 1", "The submit button does nothing.", [screenshot]);
        Assert.Equal(TicketState.Open, opened.Ticket.State);
        Assert.Equal(TicketCategory.Technical, opened.Ticket.Category);
        Assert.Null(opened.Ticket.FirstResponseAt);
        var first = Assert.Single(opened.Messages);
        Assert.Equal("student", first.AuthorRole);
        Assert.Equal("screenshot.pdf", Assert.Single(first.Attachments).Name);
        Assert.Contains(await api.ReadOutboxAsync(cast.StudentEmail), m => m.Subject.Contains("We received your request"));
        var id = opened.Ticket.Id;

        // The staff queue shows it among the unassigned open tickets; staff take it.
        var queue = await Read<Paged<TicketSummary>>(HttpStatusCode.OK,
            await cast.Staff.GetAsync($"/api/admin/support/tickets?state=open&assignee=none&search={Uri.EscapeDataString(cast.StudentEmail)}"));
        Assert.Equal(id, Assert.Single(queue.Items).Id);
        var assigned = await Read<TicketThread>(HttpStatusCode.OK,
            await cast.Staff.PutAsJsonAsync($"/api/admin/support/tickets/{id}/assignee", new { assigneeId = cast.StaffId }));
        Assert.Equal(cast.StaffId, assigned.Ticket.AssigneeId);
        var mine = await Read<Paged<TicketSummary>>(HttpStatusCode.OK, await cast.Staff.GetAsync("/api/admin/support/tickets?assignee=me"));
        Assert.Contains(mine.Items, t => t.Id == id);

        // Staff answer: the ticket waits for the student, the first response is measured, the student is emailed the answer.
        var answered = await SupportDriver.ReplyAsync(cast.Staff, id, "Try another browser, we are fixing it.");
        Assert.Equal(TicketState.Answered, answered.Ticket.State);
        Assert.NotNull(answered.Ticket.FirstResponseAt);
        Assert.Equal("staff", answered.Messages[^1].AuthorRole);
        Assert.Contains(await api.ReadOutboxAsync(cast.StudentEmail), m => m.TextBody.Contains("Try another browser"));

        // The student answers back: open again, and the assignee hears of it.
        var replied = await SupportDriver.ReplyAsync(cast.Student, id, "Another browser works, thanks.");
        Assert.Equal(TicketState.Open, replied.Ticket.State);
        Assert.Contains(await api.ReadOutboxAsync(cast.StaffEmail), m => m.TextBody.Contains("Another browser works"));

        // Resolved by staff: no more replies until it is reopened; the student may reopen it.
        var resolved = await Read<TicketThread>(HttpStatusCode.OK, await cast.Staff.PostAsync($"/api/support/tickets/{id}/resolve", null));
        Assert.Equal(TicketState.Resolved, resolved.Ticket.State);
        Assert.NotNull(resolved.Ticket.ResolvedAt);
        Assert.Contains(await api.ReadOutboxAsync(cast.StudentEmail), m => m.Subject.Contains("resolved"));
        await ExpectProblem(HttpStatusCode.Conflict, await cast.Student.PostAsJsonAsync($"/api/support/tickets/{id}/messages", new { body = "One more thing" }));
        await ExpectProblem(HttpStatusCode.Conflict, await cast.Staff.PostAsync($"/api/support/tickets/{id}/resolve", null));
        var studentView = await Read<TicketThread>(HttpStatusCode.OK, await cast.Student.GetAsync($"/api/support/tickets/{id}"));
        Assert.True(studentView.CanReopen);
        Assert.NotNull(studentView.ReopenUntil);

        var reopened = await Read<TicketThread>(HttpStatusCode.OK, await cast.Student.PostAsync($"/api/support/tickets/{id}/reopen", null));
        Assert.Equal(TicketState.Open, reopened.Ticket.State);
        Assert.Null(reopened.Ticket.ResolvedAt);
        await ExpectProblem(HttpStatusCode.Conflict, await cast.Student.PostAsync($"/api/support/tickets/{id}/reopen", null));

        // The student downloads their own attachment through the ticket.
        var download = await cast.Student.GetAsync($"/api/support/tickets/{id}/attachments/{screenshot}");
        await Expect(HttpStatusCode.OK, download);
        Assert.Equal(FileUploads.Pdf, await download.Content.ReadAsByteArrayAsync());

        await using var scope = api.CreateDbScope();
        var actions = await scope.Db.AuditEntries.Where(e => e.SubjectId == id.ToString()).Select(e => e.Action).ToListAsync();
        Assert.Contains("support.ticket_opened", actions);
        Assert.Contains("support.ticket_assigned", actions);
        Assert.Contains("support.ticket_resolved", actions);
        Assert.Contains("support.ticket_reopened", actions);
    }

    [Fact]
    public async Task The_student_reopens_only_within_the_window_staff_at_any_time()
    {
        var cast = await driver.CastAsync();
        var id = (await SupportDriver.OpenAsync(cast.Student)).Ticket.Id;
        await Expect(HttpStatusCode.OK, await cast.Student.PostAsync($"/api/support/tickets/{id}/resolve", null));
        await using (var scope = api.CreateDbScope())
        {
            var ticket = await scope.Db.SupportTickets.SingleAsync(t => t.Id == id);
            ticket.ResolvedAt = DateTimeOffset.UtcNow.AddDays(-15);
            await scope.Db.SaveChangesAsync();
        }

        var late = await Read<TicketThread>(HttpStatusCode.OK, await cast.Student.GetAsync($"/api/support/tickets/{id}"));
        Assert.False(late.CanReopen);
        var refused = await ExpectProblem(HttpStatusCode.Conflict, await cast.Student.PostAsync($"/api/support/tickets/{id}/reopen", null));
        Assert.Contains("new ticket", refused.GetProperty("detail").GetString());

        var reopened = await Read<TicketThread>(HttpStatusCode.OK, await cast.Staff.PostAsync($"/api/support/tickets/{id}/reopen", null));
        Assert.Equal(TicketState.Open, reopened.Ticket.State);
    }

    [Fact]
    public async Task The_students_trainer_and_staff_see_the_ticket_other_students_and_trainers_do_not()
    {
        var cast = await driver.CastAsync();
        var id = (await SupportDriver.OpenAsync(cast.Student)).Ticket.Id;
        var (otherStudent, _, _) = await api.SignUpStudentAsync();
        var (otherTrainer, _, _) = await driver.UserAsync(Roles.Trainer);

        foreach (var outsider in new[] { otherStudent, otherTrainer })
        {
            await ExpectProblem(HttpStatusCode.NotFound, await outsider.GetAsync($"/api/support/tickets/{id}"));
            await ExpectProblem(HttpStatusCode.NotFound, await outsider.PostAsJsonAsync($"/api/support/tickets/{id}/messages", new { body = "hi" }));
            await ExpectProblem(HttpStatusCode.NotFound, await outsider.PostAsync($"/api/support/tickets/{id}/resolve", null));
            var list = await Read<Paged<TicketSummary>>(HttpStatusCode.OK, await outsider.GetAsync("/api/support/tickets"));
            Assert.DoesNotContain(list.Items, t => t.Id == id);
        }

        var trainerList = await Read<Paged<TicketSummary>>(HttpStatusCode.OK, await cast.Trainer.GetAsync("/api/support/tickets"));
        Assert.Contains(trainerList.Items, t => t.Id == id);
        var trainerView = await Read<TicketThread>(HttpStatusCode.OK, await cast.Trainer.GetAsync($"/api/support/tickets/{id}"));
        Assert.False(trainerView.CanWriteInternalNotes);
        var answered = await SupportDriver.ReplyAsync(cast.Trainer, id, "Your trainer here: let us look at it together.");
        Assert.Equal(TicketState.Answered, answered.Ticket.State);
        Assert.Equal(Roles.Trainer, answered.Messages[^1].AuthorRole);
        await ExpectProblem(HttpStatusCode.Forbidden,
            await cast.Trainer.PostAsJsonAsync($"/api/support/tickets/{id}/messages", new { body = "note", @internal = true }));

        // Only students open tickets; only staff work the queue.
        await ExpectProblem(HttpStatusCode.Forbidden, await cast.Trainer.PostAsJsonAsync("/api/support/tickets",
            new { subject = "Help", category = "other", message = "x" }));
        Assert.Equal(HttpStatusCode.Forbidden, (await cast.Trainer.GetAsync("/api/admin/support/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cast.Student.GetAsync("/api/admin/support/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateApiClient().GetAsync("/api/support/tickets")).StatusCode);
    }

    [Fact]
    public async Task Bad_tickets_and_replies_are_400s()
    {
        var cast = await driver.CastAsync();
        await ExpectFieldError("category", await cast.Student.PostAsJsonAsync("/api/support/tickets", new { subject = "Help me", message = "x" }));
        await ExpectFieldError("category", await cast.Student.PostAsJsonAsync("/api/support/tickets", new { subject = "Help me", category = "gossip", message = "x" }));
        await ExpectFieldError("subject", await cast.Student.PostAsJsonAsync("/api/support/tickets", new { subject = "   ", category = "other", message = "x" }));
        await ExpectFieldError("message", await cast.Student.PostAsJsonAsync("/api/support/tickets", new { subject = "Help me", category = "other", message = "  " }));

        // Someone else's upload cannot be attached (and reads like an unknown id).
        var other = await driver.CastAsync(); // enrolled: only enrolled students upload
        var foreign = await other.Student.UploadPdfAsync();
        await ExpectFieldError("attachmentIds", await cast.Student.PostAsJsonAsync("/api/support/tickets",
            new { subject = "Help me", category = "other", message = "x", attachmentIds = new[] { foreign } }));
        await ExpectFieldError("attachmentIds", await cast.Student.PostAsJsonAsync("/api/support/tickets",
            new { subject = "Help me", category = "other", message = "x", attachmentIds = new[] { Guid.NewGuid() } }));

        var id = (await SupportDriver.OpenAsync(cast.Student)).Ticket.Id;
        await ExpectFieldError("body", await cast.Student.PostAsJsonAsync($"/api/support/tickets/{id}/messages", new { body = "" }));
        await ExpectFieldError("assigneeId", await cast.Staff.PutAsJsonAsync($"/api/admin/support/tickets/{id}/assignee", new { assigneeId = cast.TrainerId }));
        await ExpectFieldError("assignee", await cast.Staff.GetAsync("/api/admin/support/tickets?assignee=somebody"));
        await ExpectFieldError("minAgeHours", await cast.Staff.GetAsync("/api/admin/support/tickets?minAgeHours=-1"));
        Assert.Equal(HttpStatusCode.BadRequest, (await cast.Staff.GetAsync("/api/admin/support/tickets?state=lost")).StatusCode);
        await ExpectProblem(HttpStatusCode.NotFound, await cast.Staff.PutAsJsonAsync($"/api/admin/support/tickets/{Guid.NewGuid()}/assignee", new { assigneeId = (Guid?)null }));
    }

    [Fact]
    public async Task The_queue_filters_by_age_and_category()
    {
        var cast = await driver.CastAsync();
        var old = (await SupportDriver.OpenAsync(cast.Student, "Old billing question")).Ticket.Id;
        var fresh = (await SupportDriver.OpenAsync(cast.Student, "Fresh question")).Ticket.Id;
        await using (var scope = api.CreateDbScope())
        {
            var ticket = await scope.Db.SupportTickets.SingleAsync(t => t.Id == old);
            ticket.CreatedAt = DateTimeOffset.UtcNow.AddHours(-50);
            ticket.Category = TicketCategory.Billing;
            await scope.Db.SaveChangesAsync();
        }
        var search = Uri.EscapeDataString(cast.StudentEmail);

        var aged = await Read<Paged<TicketSummary>>(HttpStatusCode.OK, await cast.Staff.GetAsync($"/api/admin/support/tickets?minAgeHours=48&search={search}"));
        Assert.Equal(old, Assert.Single(aged.Items).Id);
        var billing = await Read<Paged<TicketSummary>>(HttpStatusCode.OK, await cast.Staff.GetAsync($"/api/admin/support/tickets?category=billing&search={search}"));
        Assert.Equal(old, Assert.Single(billing.Items).Id);
        var all = await Read<Paged<TicketSummary>>(HttpStatusCode.OK, await cast.Staff.GetAsync($"/api/admin/support/tickets?search={search}"));
        Assert.Equal([old, fresh], all.Items.Select(t => t.Id).ToArray());
    }
}
