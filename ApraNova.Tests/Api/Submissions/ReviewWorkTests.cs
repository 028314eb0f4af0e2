using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Learning;
using ApraNova.Api.Features.Notifications;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Infrastructure.Http;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Submissions;

/// <summary>The review screen's data: the work in place, attempts with earlier feedback, the rubric, and the thread.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReviewWorkTests(ApiFactory api)
{
    private readonly LearningDriver driver = new(api);

    [Fact]
    public async Task Approval_needs_every_rubric_item_and_the_student_sees_the_ticks_of_each_attempt()
    {
        var admin = await driver.AdminAsync();
        var track = await driver.CreateTrackAsync((0, []));
        track = await Read<TrackDetail>(HttpStatusCode.Created, await admin.PostAsJsonAsync($"/api/admin/tracks/{track.Code}/projects/{track.Projects[0].Id}/deliverables",
            new { title = "Memo", kind = "text", rubric = new[] { "States three findings", "Names the caveats" } }));
        var (trainer, _) = await driver.AddTrainerAsync(track.Code);
        var (student, _, _) = await driver.EnrolledStudentAsync(track.Code);
        var (stranger, _, _) = await api.SignUpStudentAsync();

        var submission = await Read<SubmissionView>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions",
            new { deliverableId = track.Projects[0].Deliverables[0].Id, text = "Findings: one." }));
        Assert.Equal(["States three findings", "Names the caveats"], submission.Rubric);

        // Not every item met: no approval; a revision records which were met.
        await ExpectFieldError("rubricMet", await trainer.PostAsJsonAsync($"/api/trainers/submissions/{submission.Id}/approve", new { rubricMet = new[] { 0 } }));
        await Expect(HttpStatusCode.OK, await trainer.PostAsJsonAsync($"/api/trainers/submissions/{submission.Id}/request-revision",
            new { feedback = "Name the caveats.", rubricMet = new[] { 0 } }));
        var learning = await Read<LearningTrackView>(HttpStatusCode.OK, await student.GetAsync("/api/learning"));
        var ticks = learning.Projects[0].Deliverables[0].Submission!.Rubric!;
        Assert.Equal([true, false], ticks.Select(t => t.Met));

        await Expect(HttpStatusCode.OK, await student.PutAsJsonAsync($"/api/submissions/{submission.Id}", new { text = "Findings: one, two, three. Caveat: returns." }));
        // The waiting attempt shows no ticks yet.
        learning = await Read<LearningTrackView>(HttpStatusCode.OK, await student.GetAsync("/api/learning"));
        Assert.Null(learning.Projects[0].Deliverables[0].Submission!.Rubric);
        await Expect(HttpStatusCode.OK, await trainer.PostAsJsonAsync($"/api/trainers/submissions/{submission.Id}/approve",
            new { feedback = "Good.", rubricMet = new[] { 0, 1 } }));

        // Both attempts, newest first, each with its decision, feedback and ticks; for the student and the trainer alike.
        foreach (var reader in new[] { student, trainer })
        {
            var attempts = await Read<List<AttemptView>>(HttpStatusCode.OK, await reader.GetAsync($"/api/submissions/{submission.Id}/attempts"));
            Assert.Equal([2, 1], attempts.Select(a => a.Number));
            Assert.Equal([SubmissionStatus.Approved, SubmissionStatus.RevisionRequested], attempts.Select(a => a.Decision!.Value));
            Assert.Equal("Name the caveats.", attempts[1].Feedback);
            Assert.Equal("Findings: one.", attempts[1].Text);
            Assert.Equal([true, true], attempts[0].Rubric.Select(r => r.Met));
            Assert.Equal([true, false], attempts[1].Rubric.Select(r => r.Met));
        }
        await ExpectProblem(HttpStatusCode.NotFound, await stranger.GetAsync($"/api/submissions/{submission.Id}/attempts"));
    }

    [Fact]
    public async Task Student_and_trainer_write_in_the_submission_thread_and_each_is_told()
    {
        var track = await driver.CreateTrackAsync((0, [DeliverableKind.Text]));
        var (trainer, trainerId) = await driver.AddTrainerAsync(track.Code);
        var (student, studentId, _) = await driver.EnrolledStudentAsync(track.Code);
        var (stranger, _, _) = await api.SignUpStudentAsync();
        var submission = await Read<SubmissionView>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions",
            new { deliverableId = track.Projects[0].Deliverables[0].Id, text = "Here it is." }));

        await ExpectFieldError("body", await student.PostAsJsonAsync($"/api/submissions/{submission.Id}/messages", new { body = "" }));
        await ExpectProblem(HttpStatusCode.NotFound, await stranger.PostAsJsonAsync($"/api/submissions/{submission.Id}/messages", new { body = "Hi" }));
        var question = await Read<MessageView>(HttpStatusCode.Created, await student.PostAsJsonAsync($"/api/submissions/{submission.Id}/messages",
            new { body = "Should I include returns?" }));
        Assert.True(question.Mine);
        Assert.Equal("student", question.AuthorRole);
        await Expect(HttpStatusCode.Created, await trainer.PostAsJsonAsync($"/api/submissions/{submission.Id}/messages", new { body = "Exclude them, and say so." }));

        var thread = await Read<List<MessageView>>(HttpStatusCode.OK, await student.GetAsync($"/api/submissions/{submission.Id}/messages"));
        Assert.Equal(["Should I include returns?", "Exclude them, and say so."], thread.Select(m => m.Body));
        Assert.Equal([true, false], thread.Select(m => m.Mine));
        Assert.Equal("trainer", thread[1].AuthorRole);

        var toTrainer = await Read<Paged<NotificationView>>(HttpStatusCode.OK, await trainer.GetAsync("/api/notifications"));
        Assert.Contains(toTrainer.Items, n => n.Kind == NotificationKind.MessageReceived && n.Body.Contains("Should I include returns?"));
        var toStudent = await Read<Paged<NotificationView>>(HttpStatusCode.OK, await student.GetAsync("/api/notifications"));
        var reply = Assert.Single(toStudent.Items, n => n.Kind == NotificationKind.MessageReceived);
        Assert.Equal($"/submissions/{submission.Id}", reply.Link);
        _ = (trainerId, studentId);
    }

    [Fact]
    public async Task The_work_is_shown_in_place_and_a_readme_degrades_gracefully()
    {
        var track = await driver.CreateTrackAsync((0, [DeliverableKind.File, DeliverableKind.File, DeliverableKind.Github]));
        var (trainer, _) = await driver.AddTrainerAsync(track.Code);
        var (student, _, _) = await driver.EnrolledStudentAsync(track.Code);
        var (stranger, _, _) = await api.SignUpStudentAsync();
        var deliverables = track.Projects[0].Deliverables;

        var png = await Read<ApraNova.Api.Features.Files.FileView>(HttpStatusCode.Created, await student.UploadAsync("shot.png", "image/png", FileUploads.Png));
        var image = await Read<SubmissionView>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions", new { deliverableId = deliverables[0].Id, fileId = png.Id }));
        var markdown = "# Notes\n\nUse `SELECT` and [a link](javascript:alert(1)) <script>alert(1)</script>\n"u8.ToArray();
        var md = await Read<ApraNova.Api.Features.Files.FileView>(HttpStatusCode.Created, await student.UploadAsync("notes.md", "text/markdown", markdown));
        var notes = await Read<SubmissionView>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions", new { deliverableId = deliverables[1].Id, fileId = md.Id }));
        var repo = await Read<SubmissionView>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions",
            new { deliverableId = deliverables[2].Id, url = "https://github.com/apranova-test/does-not-matter" }));

        // The PNG inline (not as an attachment), to the trainer; nobody else.
        var inline = await trainer.GetAsync($"/api/submissions/{image.Id}/content");
        await Expect(HttpStatusCode.OK, inline);
        Assert.Equal("image/png", inline.Content.Headers.ContentType!.MediaType);
        Assert.Null(inline.Content.Headers.ContentDisposition);
        Assert.Equal(FileUploads.Png, await inline.Content.ReadAsByteArrayAsync());
        await ExpectProblem(HttpStatusCode.NotFound, await stranger.GetAsync($"/api/submissions/{image.Id}/content"));

        // Markdown rendered, without the script or the javascript: link.
        var preview = await Read<FilePreviewView>(HttpStatusCode.OK, await trainer.GetAsync($"/api/submissions/{notes.Id}/preview"));
        Assert.Equal("markdown", preview.Format);
        Assert.Contains("<h1", preview.Html);
        Assert.Contains("<code>SELECT</code>", preview.Html);
        Assert.DoesNotContain("<script", preview.Html);
        Assert.DoesNotContain("javascript:", preview.Html);
        await ExpectProblem(HttpStatusCode.Conflict, await trainer.GetAsync($"/api/submissions/{image.Id}/preview"));

        // The README: GitHub cannot be reached from the test (its base address points nowhere), so it says so quickly.
        var readme = await Read<ReadmeView>(HttpStatusCode.OK, await trainer.GetAsync($"/api/submissions/{repo.Id}/readme"));
        Assert.False(readme.Available);
        Assert.NotNull(readme.Message);
        Assert.Equal("https://github.com/apranova-test/does-not-matter", readme.RepositoryUrl);
        await ExpectProblem(HttpStatusCode.NotFound, await trainer.GetAsync($"/api/submissions/{image.Id}/readme"));
    }
}
