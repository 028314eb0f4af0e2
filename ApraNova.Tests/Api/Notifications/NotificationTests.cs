using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Mail;
using ApraNova.Api.Features.Notifications;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Infrastructure.Http;
using Microsoft.Extensions.DependencyInjection;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Notifications;

[Collection(ApiCollection.Name)]
public sealed class NotificationTests(ApiFactory api)
{
    private readonly LearningDriver driver = new(api);

    [Fact]
    public async Task Each_step_of_the_review_loop_is_told_in_app_and_by_an_html_and_text_email()
    {
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.Text]), (0, [DeliverableKind.Text]));
        var (trainer, trainerId) = await driver.AddTrainerAsync(track.Code);
        var (student, studentId, _) = await driver.EnrolledStudentAsync(track.Code);
        var studentEmail = await EmailOfAsync(studentId);
        var trainerEmail = await EmailOfAsync(trainerId);

        // Hand-in: the trainer is told (in-app, badge, email).
        var submission = await Read<SubmissionView>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions",
            new { deliverableId = track.Projects[0].Deliverables[0].Id, text = "First try" }));
        var trainerList = await ListAsync(trainer);
        var received = Assert.Single(trainerList.Items);
        Assert.Equal(NotificationKind.SubmissionReceived, received.Kind);
        Assert.Equal($"/staff/reviews/{submission.Id}", received.Link);
        var trainerSummary = await Read<NotificationSummary>(HttpStatusCode.OK, await trainer.GetAsync("/api/notifications/summary"));
        Assert.Equal(1, trainerSummary.Unread);
        Assert.Equal(1, trainerSummary.AwaitingReview);
        var toTrainer = Assert.Single(await api.ReadOutboxAsync(trainerEmail));
        Assert.Contains("Test Student handed in", toTrainer.TextBody);
        Assert.Contains($"http://localhost:3000/staff/reviews/{submission.Id}", toTrainer.HtmlBody);

        // Revision requested: the feedback reaches the student, HTML-encoded in the HTML part.
        const string feedback = "Explain the <caveats> & the exclusions.";
        await Expect(HttpStatusCode.OK, await trainer.PostAsJsonAsync($"/api/trainers/submissions/{submission.Id}/request-revision", new { feedback }));
        var revision = Assert.Single((await ListAsync(student)).Items);
        Assert.Equal(NotificationKind.RevisionRequested, revision.Kind);
        Assert.Contains(feedback, revision.Body);
        var revisionEmail = Assert.Single(await NoticeEmailsAsync(studentEmail));
        Assert.StartsWith("Revision requested:", revisionEmail.Subject);
        Assert.Contains("> " + feedback, revisionEmail.TextBody);
        Assert.Contains($"http://localhost:3000/projects/{track.Projects[0].Id}", revisionEmail.TextBody);
        Assert.Contains("Explain the &lt;caveats&gt; &amp; the exclusions.", revisionEmail.HtmlBody);
        Assert.DoesNotContain("<caveats>", revisionEmail.HtmlBody);
        Assert.Contains($"<a href=\"http://localhost:3000/projects/{track.Projects[0].Id}\"", revisionEmail.HtmlBody);
        Assert.Contains(">Open the project</a>", revisionEmail.HtmlBody);

        // The resubmission is a new attempt the trainer hears of; approval approves, unlocks, completes.
        await Expect(HttpStatusCode.OK, await student.PutAsJsonAsync($"/api/submissions/{submission.Id}", new { text = "Second try" }));
        Assert.Equal(2, (await ListAsync(trainer)).Total);
        await Expect(HttpStatusCode.OK, await trainer.PostAsJsonAsync($"/api/trainers/submissions/{submission.Id}/approve", new { }));
        var kinds = (await ListAsync(student)).Items.Select(n => n.Kind).ToList();
        Assert.Equal([NotificationKind.ProjectUnlocked, NotificationKind.DeliverableApproved, NotificationKind.RevisionRequested], kinds);
        var unlocked = (await ListAsync(student)).Items[0];
        Assert.Equal($"/projects/{track.Projects[1].Id}", unlocked.Link);

        var last = await Read<SubmissionView>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions",
            new { deliverableId = track.Projects[1].Deliverables[0].Id, text = "Done" }));
        await Expect(HttpStatusCode.OK, await trainer.PostAsJsonAsync($"/api/trainers/submissions/{last.Id}/approve", new { }));
        var completed = (await ListAsync(student)).Items[0];
        Assert.Equal(NotificationKind.TrackCompleted, completed.Kind);
        Assert.StartsWith("/certificates/", completed.Link);
        // Revision, approval, unlock, approval, completion.
        Assert.Equal(5, (await NoticeEmailsAsync(studentEmail)).Count);
        Assert.All(await NoticeEmailsAsync(studentEmail), email => Assert.Contains("<!DOCTYPE html>", email.HtmlBody));

        // Read one, then all: the badge follows.
        Assert.Equal(5, (await Read<NotificationSummary>(HttpStatusCode.OK, await student.GetAsync("/api/notifications/summary"))).Unread);
        Assert.Null((await Read<NotificationSummary>(HttpStatusCode.OK, await student.GetAsync("/api/notifications/summary"))).AwaitingReview);
        await Expect(HttpStatusCode.NoContent, await student.PostAsync($"/api/notifications/{completed.Id}/read", null));
        await Expect(HttpStatusCode.NoContent, await student.PostAsync($"/api/notifications/{completed.Id}/read", null));
        Assert.Equal(4, (await Read<NotificationSummary>(HttpStatusCode.OK, await student.GetAsync("/api/notifications/summary"))).Unread);
        // Someone else's notification does not exist for the caller.
        await ExpectProblem(HttpStatusCode.NotFound, await trainer.PostAsync($"/api/notifications/{completed.Id}/read", null));
        await Expect(HttpStatusCode.NoContent, await student.PostAsync("/api/notifications/read-all", null));
        Assert.Equal(0, (await Read<NotificationSummary>(HttpStatusCode.OK, await student.GetAsync("/api/notifications/summary"))).Unread);
        Assert.NotNull((await ListAsync(student)).Items[0].ReadAt);
    }

    [Fact]
    public async Task A_kind_switched_off_still_shows_in_app_but_sends_no_email()
    {
        var track = await driver.CreateTrackAsync((0, [DeliverableKind.Text, DeliverableKind.Text]));
        var (trainer, _) = await driver.AddTrainerAsync(track.Code);
        var (student, studentId, _) = await driver.EnrolledStudentAsync(track.Code);
        var studentEmail = await EmailOfAsync(studentId);

        var preferences = await Read<List<NotificationPreferenceView>>(HttpStatusCode.OK, await student.GetAsync("/api/notifications/preferences"));
        Assert.All(preferences, p => Assert.True(p.Email));
        Assert.DoesNotContain(preferences, p => p.Kind == NotificationKind.SubmissionReceived);
        preferences = await Read<List<NotificationPreferenceView>>(HttpStatusCode.OK, await student.PutAsJsonAsync("/api/notifications/preferences",
            new { preferences = new[] { new { kind = "revisionRequested", email = false } } }));
        Assert.False(preferences.Single(p => p.Kind == NotificationKind.RevisionRequested).Email);
        // A kind that does not concern the account, or no kind at all, is refused.
        await ExpectFieldError("preferences", await student.PutAsJsonAsync("/api/notifications/preferences",
            new { preferences = new[] { new { kind = "submissionReceived", email = false } } }));
        await Expect(HttpStatusCode.BadRequest, await student.PutAsJsonAsync("/api/notifications/preferences",
            new { preferences = new[] { new { kind = "nonsense", email = false } } }));

        var first = await Read<SubmissionView>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions",
            new { deliverableId = track.Projects[0].Deliverables[0].Id, text = "One" }));
        var second = await Read<SubmissionView>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions",
            new { deliverableId = track.Projects[0].Deliverables[1].Id, text = "Two" }));
        await Expect(HttpStatusCode.OK, await trainer.PostAsJsonAsync($"/api/trainers/submissions/{first.Id}/request-revision", new { feedback = "More." }));
        await Expect(HttpStatusCode.OK, await trainer.PostAsJsonAsync($"/api/trainers/submissions/{second.Id}/approve", new { }));

        Assert.Contains((await ListAsync(student)).Items, n => n.Kind == NotificationKind.RevisionRequested);
        var emails = await NoticeEmailsAsync(studentEmail);
        var approved = Assert.Single(emails);
        Assert.StartsWith("Approved:", approved.Subject);
    }

    [Fact]
    public async Task Telling_the_same_fact_twice_stores_and_mails_it_once()
    {
        var (userId, email) = await api.CreateUserAsync(ApraNova.Api.Features.Users.Roles.Student);
        var notice = new Notice(userId, NotificationKind.ProjectUnlocked, $"unlocked:{Guid.NewGuid()}", "Project 2 unlocked", "Go on.", "/dashboard");
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var scope = api.CreateDbScope();
            return await scope.Services.GetRequiredService<INotifier>().NotifyAsync(notice, CancellationToken.None);
        }));
        Assert.Equal(1, results.Count(told => told));
        Assert.Single(await api.ReadOutboxAsync(email));
    }

    /// <summary>The emails notices sent, without the sign-up confirmation the student received first.</summary>
    private async Task<IReadOnlyList<OutboxEmail>> NoticeEmailsAsync(string email) =>
        [.. (await api.ReadOutboxAsync(email)).Where(m => !m.Subject.StartsWith("Confirm your email", StringComparison.Ordinal))];

    private async Task<string> EmailOfAsync(Guid userId)
    {
        await using var scope = api.CreateDbScope();
        return scope.Db.Users.Where(u => u.Id == userId).Select(u => u.Email!).Single();
    }

    private static Task<Paged<NotificationView>> ListAsync(HttpClient client) =>
        client.GetAsync("/api/notifications").ContinueWith(t => Read<Paged<NotificationView>>(HttpStatusCode.OK, t.Result)).Unwrap();
}
