using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Learning;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Tracks;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Submissions;

/// <summary>Review decisions arriving together must still unlock the next project exactly once.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReviewRaceTests(ApiFactory api)
{
    private readonly LearningDriver driver = new(api);

    [Fact]
    public async Task Approving_the_last_two_deliverables_at_once_approves_the_project_and_unlocks_the_next()
    {
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.Text, DeliverableKind.Text, DeliverableKind.Text]), (1, [DeliverableKind.Text]));
        var (trainer, _) = await driver.AddTrainerAsync(track.Code);
        var (student, _, _) = await driver.EnrolledStudentAsync(track.Code);
        var submissions = new List<SubmissionView>();
        foreach (var deliverable in track.Projects[0].Deliverables)
            submissions.Add(await Read<SubmissionView>(HttpStatusCode.Created,
                await student.PostAsJsonAsync("/api/submissions", new { deliverableId = deliverable.Id, text = "Done" })));

        var responses = await Task.WhenAll(submissions.Select(s => trainer.PostAsJsonAsync($"/api/trainers/submissions/{s.Id}/approve", new { })));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        var learning = await Read<LearningTrackView>(HttpStatusCode.OK, await student.GetAsync("/api/learning"));
        Assert.Equal([ProjectState.Approved, ProjectState.InProgress], learning.Projects.Select(p => p.State));
    }

    [Fact]
    public async Task Two_decisions_on_the_same_submission_at_once_one_wins_the_other_gets_409()
    {
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.Text]));
        var (trainer, _) = await driver.AddTrainerAsync(track.Code);
        var (student, _, _) = await driver.EnrolledStudentAsync(track.Code);
        var submission = await Read<SubmissionView>(HttpStatusCode.Created,
            await student.PostAsJsonAsync("/api/submissions", new { deliverableId = track.Projects[0].Deliverables[0].Id, text = "Done" }));

        var responses = await Task.WhenAll(
            trainer.PostAsJsonAsync($"/api/trainers/submissions/{submission.Id}/approve", new { }),
            trainer.PostAsJsonAsync($"/api/trainers/submissions/{submission.Id}/request-revision", new { feedback = "More" }));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
    }
}
