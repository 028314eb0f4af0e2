using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Learning;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Tracks;
using Npgsql;
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

    /// <summary>
    /// The failure a browser journey met: the review page's review-start committed between the
    /// decision's read of the submission and its write. The decision must wait for such a writer and
    /// go on with the row it left, not fail its save (that was a 500). The other writer here is a
    /// transaction held open by the test, so the interleaving is certain, not timing-dependent.
    /// </summary>
    [Fact]
    public async Task A_decision_waits_for_a_review_start_committing_meanwhile_instead_of_failing()
    {
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.Text]));
        var (trainer, trainerId) = await driver.AddTrainerAsync(track.Code);
        var (student, _, _) = await driver.EnrolledStudentAsync(track.Code);
        var submission = await Read<SubmissionView>(HttpStatusCode.Created,
            await student.PostAsJsonAsync("/api/submissions", new { deliverableId = track.Projects[0].Deliverables[0].Id, text = "Done" }));

        await using var reviewStart = new NpgsqlConnection(api.DatabaseConnectionString);
        await reviewStart.OpenAsync();
        await using var transaction = await reviewStart.BeginTransactionAsync();
        await using (var update = new NpgsqlCommand(
            "UPDATE submissions SET review_started_at = now(), review_started_by_id = $1 WHERE id = $2", reviewStart, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = trainerId });
            update.Parameters.Add(new NpgsqlParameter { Value = submission.Id });
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        var decision = trainer.PostAsJsonAsync($"/api/trainers/submissions/{submission.Id}/request-revision", new { feedback = "Show the numbers" });
        await WaitForBlockedBackendAsync(reviewStart, decision);
        await transaction.CommitAsync();

        var decided = await Read<SubmissionView>(HttpStatusCode.OK, await decision);
        Assert.Equal(SubmissionStatus.RevisionRequested, decided.Status);
    }

    /// <summary>
    /// Waits (at most 30 s) until a session is blocked by <paramref name="holder"/>'s locks. Asked
    /// on a connection of its own: inside the holder's transaction PostgreSQL would answer every
    /// probe from the activity snapshot its first one took (CI once waited out the 30 s that way).
    /// </summary>
    private async Task WaitForBlockedBackendAsync(NpgsqlConnection holder, Task request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var observer = new NpgsqlConnection(api.DatabaseConnectionString);
        await observer.OpenAsync(timeout.Token);
        while (true)
        {
            Assert.False(request.IsCompleted, "The decision answered without waiting for the open review-start.");
            await using var probe = new NpgsqlCommand(
                "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid)))", observer);
            probe.Parameters.Add(new NpgsqlParameter { Value = holder.ProcessID });
            if ((bool)(await probe.ExecuteScalarAsync(timeout.Token))!)
                return;
            await Task.Delay(20, timeout.Token);
        }
    }
}
