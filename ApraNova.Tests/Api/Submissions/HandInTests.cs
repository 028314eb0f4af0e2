using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Learning;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Tracks;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Submissions;

/// <summary>What a student handed in stays visible, and can be replaced or withdrawn until a reviewer opens it.</summary>
[Collection(ApiCollection.Name)]
public sealed class HandInTests(ApiFactory api)
{
    private readonly LearningDriver driver = new(api);

    [Fact]
    public async Task The_student_sees_each_hand_in_and_replaces_or_withdraws_it_until_the_review_starts()
    {
        var track = await driver.CreateTrackAsync((0, [DeliverableKind.Github, DeliverableKind.Text, DeliverableKind.File]));
        var (trainer, _) = await driver.AddTrainerAsync(track.Code);
        var (student, _, _) = await driver.EnrolledStudentAsync(track.Code);
        var deliverables = track.Projects[0].Deliverables;

        var repo = await Submit(student, new { deliverableId = deliverables[0].Id, url = "https://github.com/sam/first" });
        var memo = await Submit(student, new { deliverableId = deliverables[1].Id, text = "First memo" });
        var fileId = await student.UploadPdfAsync("diagram.pdf");
        await Submit(student, new { deliverableId = deliverables[2].Id, fileId });

        // The learning view shows the content of each hand-in, and that it can still change.
        var learning = await Read<LearningTrackView>(HttpStatusCode.OK, await student.GetAsync("/api/learning"));
        var states = learning.Projects[0].Deliverables.Select(d => d.Submission!).ToList();
        Assert.Equal("https://github.com/sam/first", states[0].Url);
        Assert.Equal("First memo", states[1].Text);
        Assert.Equal("diagram.pdf", states[2].File!.Name);
        Assert.All(states, s => Assert.True(s.CanChange));
        // So does the list of submissions.
        var mine = await Read<List<SubmissionView>>(HttpStatusCode.OK, await student.GetAsync("/api/submissions"));
        Assert.Contains(mine, s => s.File?.Name == "diagram.pdf");

        // Replace: same attempt, new content.
        var replaced = await Read<SubmissionView>(HttpStatusCode.OK, await student.PutAsJsonAsync($"/api/submissions/{repo.Id}", new { url = "https://github.com/sam/second" }));
        Assert.Equal(1, replaced.Attempt);
        Assert.Equal(SubmissionStatus.Submitted, replaced.Status);
        Assert.Equal("https://github.com/sam/second", replaced.Url);

        // Withdraw a first attempt: the deliverable is open again.
        await Expect(HttpStatusCode.NoContent, await student.DeleteAsync($"/api/submissions/{memo.Id}"));
        await ExpectProblem(HttpStatusCode.NotFound, await student.GetAsync($"/api/submissions/{memo.Id}"));
        learning = await Read<LearningTrackView>(HttpStatusCode.OK, await student.GetAsync("/api/learning"));
        Assert.Null(learning.Projects[0].Deliverables[1].Submission);
        memo = await Submit(student, new { deliverableId = deliverables[1].Id, text = "Memo again" });

        // The trainer opens the repository: from then on it is theirs.
        var started = await Read<SubmissionView>(HttpStatusCode.OK, await trainer.PostAsync($"/api/submissions/{repo.Id}/review-start", null));
        Assert.NotNull(started.ReviewStartedAt);
        await Expect(HttpStatusCode.OK, await trainer.PostAsync($"/api/submissions/{repo.Id}/review-start", null));
        await ExpectProblem(HttpStatusCode.Conflict, await student.PutAsJsonAsync($"/api/submissions/{repo.Id}", new { url = "https://github.com/sam/third" }));
        await ExpectProblem(HttpStatusCode.Conflict, await student.DeleteAsync($"/api/submissions/{repo.Id}"));
        learning = await Read<LearningTrackView>(HttpStatusCode.OK, await student.GetAsync("/api/learning"));
        Assert.False(learning.Projects[0].Deliverables[0].Submission!.CanChange);
        // Students cannot open reviews; nobody opens someone else's.
        await Expect(HttpStatusCode.Forbidden, await student.PostAsync($"/api/submissions/{memo.Id}/review-start", null));
        var (otherTrainer, _) = await driver.AddTrainerAsync(track.Code);
        await ExpectProblem(HttpStatusCode.NotFound, await otherTrainer.PostAsync($"/api/submissions/{memo.Id}/review-start", null));

        // A later attempt withdrawn goes back to the revision request and its feedback.
        await Expect(HttpStatusCode.OK, await trainer.PostAsJsonAsync($"/api/trainers/submissions/{memo.Id}/request-revision", new { feedback = "Add numbers." }));
        await Expect(HttpStatusCode.OK, await student.PutAsJsonAsync($"/api/submissions/{memo.Id}", new { text = "Memo with numbers" }));
        await Expect(HttpStatusCode.NoContent, await student.DeleteAsync($"/api/submissions/{memo.Id}"));
        var back = await Read<SubmissionView>(HttpStatusCode.OK, await student.GetAsync($"/api/submissions/{memo.Id}"));
        Assert.Equal(SubmissionStatus.RevisionRequested, back.Status);
        Assert.Equal(1, back.Attempt);
        Assert.Equal("Memo again", back.Text);
        Assert.Equal("Add numbers.", back.Feedback);
        // A reviewed attempt is not withdrawable.
        await ExpectProblem(HttpStatusCode.Conflict, await student.DeleteAsync($"/api/submissions/{memo.Id}"));
    }

    [Fact]
    public async Task A_file_deliverable_takes_only_its_accepted_types()
    {
        var admin = await driver.AdminAsync();
        var track = await driver.CreateTrackAsync((0, []));
        var projectId = track.Projects[0].Id;
        var url = $"/api/admin/tracks/{track.Code}/projects/{projectId}/deliverables";
        await ExpectFieldError("acceptedFileTypes", await admin.PostAsJsonAsync(url, new { title = "Diagram", kind = "file", acceptedFileTypes = new[] { ".exe" } }));
        await ExpectFieldError("acceptedFileTypes", await admin.PostAsJsonAsync(url, new { title = "Memo", kind = "text", acceptedFileTypes = new[] { ".png" } }));
        track = await Read<TrackDetail>(HttpStatusCode.Created, await admin.PostAsJsonAsync(url,
            new { title = "Architecture diagram", kind = "file", acceptedFileTypes = new[] { "PNG", ".pdf" }, rubric = new[] { "Shows the network boundaries" } }));
        var diagram = track.Projects[0].Deliverables.Single();
        Assert.Equal([".png", ".pdf"], diagram.AcceptedFileTypes);
        Assert.Equal(["Shows the network boundaries"], diagram.Rubric);

        await driver.AddTrainerAsync(track.Code);
        var (student, _, _) = await driver.EnrolledStudentAsync(track.Code);
        var learning = await Read<LearningTrackView>(HttpStatusCode.OK, await student.GetAsync("/api/learning"));
        Assert.Equal([".png", ".pdf"], learning.Projects[0].Deliverables[0].AcceptedFileTypes);

        // A CSV passes the upload allow-list but is not an architecture diagram.
        var csv = await Read<ApraNova.Api.Features.Files.FileView>(HttpStatusCode.Created, await student.UploadAsync("data.csv", "text/csv", "a,b\n1,2\n"u8.ToArray()));
        await ExpectFieldError("fileId", await student.PostAsJsonAsync("/api/submissions", new { deliverableId = diagram.Id, fileId = csv.Id }));
        var png = await Read<ApraNova.Api.Features.Files.FileView>(HttpStatusCode.Created, await student.UploadAsync("diagram.png", "image/png", FileUploads.Png));
        var submission = await Submit(student, new { deliverableId = diagram.Id, fileId = png.Id });
        // Replacing it is held to the same rule.
        await ExpectFieldError("fileId", await student.PutAsJsonAsync($"/api/submissions/{submission.Id}", new { fileId = csv.Id }));
    }

    private static async Task<SubmissionView> Submit(HttpClient student, object body) =>
        await Read<SubmissionView>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions", body, Json));
}
