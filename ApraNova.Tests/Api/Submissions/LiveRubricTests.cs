using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Learning;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Tracks;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Submissions;

/// <summary>
/// The trainer's checklist ticks are saved one by one while the review is open
/// (<c>PUT /api/trainers/submissions/{id}/rubric/{position}</c>), authorised like the decision,
/// kept across reloads, and shown to the student only with the decision.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LiveRubricTests(ApiFactory api)
{
    private readonly LearningDriver driver = new(api);

    private async Task<(TrackDetail Track, HttpClient Trainer, HttpClient Student, SubmissionView Submission)> HandedInAsync()
    {
        var admin = await driver.AdminAsync();
        var track = await driver.CreateTrackAsync((0, []));
        track = await Read<TrackDetail>(HttpStatusCode.Created, await admin.PostAsJsonAsync($"/api/admin/tracks/{track.Code}/projects/{track.Projects[0].Id}/deliverables",
            new { title = "Memo", kind = "text", rubric = new[] { "States three findings", "Names the caveats" } }));
        var (trainer, _) = await driver.AddTrainerAsync(track.Code);
        var (student, _, _) = await driver.EnrolledStudentAsync(track.Code);
        var submission = await Read<SubmissionView>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions",
            new { deliverableId = track.Projects[0].Deliverables[0].Id, text = "Findings: one." }));
        return (track, trainer, student, submission);
    }

    private static Task<HttpResponseMessage> TickAsync(HttpClient client, Guid submissionId, int position, bool? met) =>
        client.PutAsJsonAsync($"/api/trainers/submissions/{submissionId}/rubric/{position}", new { met });

    [Fact]
    public async Task A_tick_is_kept_idempotently_for_the_reviewer_and_reaches_the_student_only_with_the_decision()
    {
        var (_, trainer, student, submission) = await HandedInAsync();
        await Expect(HttpStatusCode.OK, await trainer.PostAsync($"/api/submissions/{submission.Id}/review-start", null));

        var first = await Read<List<RubricCheckView>>(HttpStatusCode.OK, await TickAsync(trainer, submission.Id, 1, true));
        Assert.Equal([("States three findings", false), ("Names the caveats", true)], first.Select(c => (c.Item, c.Met)));
        // The same tick again changes nothing.
        var again = await Read<List<RubricCheckView>>(HttpStatusCode.OK, await TickAsync(trainer, submission.Id, 1, true));
        Assert.Equal(first.Select(c => (c.Item, c.Met)), again.Select(c => (c.Item, c.Met)));
        await Expect(HttpStatusCode.OK, await TickAsync(trainer, submission.Id, 0, true));
        await Expect(HttpStatusCode.OK, await TickAsync(trainer, submission.Id, 0, false));

        // A reload of the review reads the saved ticks on the open attempt.
        var forTrainer = await Read<List<AttemptView>>(HttpStatusCode.OK, await trainer.GetAsync($"/api/submissions/{submission.Id}/attempts"));
        Assert.Null(forTrainer[0].Decision);
        Assert.Equal([false, true], forTrainer[0].Rubric.Select(r => r.Met));
        // The student sees no ticks until the decision (as before: the checklist comes with it).
        var forStudent = await Read<List<AttemptView>>(HttpStatusCode.OK, await student.GetAsync($"/api/submissions/{submission.Id}/attempts"));
        Assert.Empty(forStudent[0].Rubric);
        var learning = await Read<LearningTrackView>(HttpStatusCode.OK, await student.GetAsync("/api/learning"));
        Assert.Null(learning.Projects[0].Deliverables[0].Submission!.Rubric);

        // A decision without positions uses the saved ticks: not every item is met, so no approval.
        await ExpectFieldError("rubricMet", await trainer.PostAsJsonAsync($"/api/trainers/submissions/{submission.Id}/approve", new { feedback = "Good." }));
        await Expect(HttpStatusCode.OK, await trainer.PostAsJsonAsync($"/api/trainers/submissions/{submission.Id}/request-revision", new { feedback = "Three findings, please." }));
        learning = await Read<LearningTrackView>(HttpStatusCode.OK, await student.GetAsync("/api/learning"));
        Assert.Equal([false, true], learning.Projects[0].Deliverables[0].Submission!.Rubric!.Select(r => r.Met));
        forStudent = await Read<List<AttemptView>>(HttpStatusCode.OK, await student.GetAsync($"/api/submissions/{submission.Id}/attempts"));
        Assert.Equal([false, true], forStudent[0].Rubric.Select(r => r.Met));

        // Decided: no more ticks on that attempt.
        await ExpectProblem(HttpStatusCode.Conflict, await TickAsync(trainer, submission.Id, 0, true));
    }

    [Fact]
    public async Task Only_the_assigned_reviewer_ticks_after_opening_the_review_and_bad_input_is_a_4xx()
    {
        var (track, trainer, student, submission) = await HandedInAsync();
        var (otherTrainer, _) = await driver.AddTrainerAsync(track.Code);
        var (stranger, _, _) = await api.SignUpStudentAsync();

        // Before the review is opened: 409, the student can still replace the work.
        await ExpectProblem(HttpStatusCode.Conflict, await TickAsync(trainer, submission.Id, 0, true));
        await Expect(HttpStatusCode.OK, await trainer.PostAsync($"/api/submissions/{submission.Id}/review-start", null));

        // Not the student's trainer, a student (the student themself included), nobody: no tick.
        await ExpectProblem(HttpStatusCode.NotFound, await TickAsync(otherTrainer, submission.Id, 0, true));
        await Expect(HttpStatusCode.Forbidden, await TickAsync(student, submission.Id, 0, true));
        await Expect(HttpStatusCode.Forbidden, await TickAsync(stranger, submission.Id, 0, true));
        using (var anonymous = api.CreateApiClient())
            await Expect(HttpStatusCode.Unauthorized, await TickAsync(anonymous, submission.Id, 0, true));
        await ExpectProblem(HttpStatusCode.NotFound, await TickAsync(trainer, Guid.NewGuid(), 0, true));

        // Positions the checklist does not have, and no met value: validation problems.
        await ExpectFieldError("position", await TickAsync(trainer, submission.Id, 2, true));
        await ExpectFieldError("position", await TickAsync(trainer, submission.Id, -1, true));
        await ExpectFieldError("met", await TickAsync(trainer, submission.Id, 0, null));
        var notJson = await trainer.PutAsync($"/api/trainers/submissions/{submission.Id}/rubric/0", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

        // None of that changed anything; an admin (staff) may tick as on any review.
        var attempts = await Read<List<AttemptView>>(HttpStatusCode.OK, await trainer.GetAsync($"/api/submissions/{submission.Id}/attempts"));
        Assert.Empty(attempts[0].Rubric);
        var admin = await driver.AdminAsync();
        var ticks = await Read<List<RubricCheckView>>(HttpStatusCode.OK, await TickAsync(admin, submission.Id, 0, true));
        Assert.Equal([true, false], ticks.Select(t => t.Met));
    }
}
