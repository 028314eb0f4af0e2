using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Dashboard;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Learning;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Tracks;
using Microsoft.EntityFrameworkCore;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Learning;

[Collection(ApiCollection.Name)]
public sealed class LearningFlowTests(ApiFactory api)
{
    private readonly LearningDriver driver = new(api);

    [Fact]
    public async Task Student_works_through_a_track_from_enrollment_to_completion()
    {
        var track = await driver.CreateTrackAsync(
            (2, [DeliverableKind.Link, DeliverableKind.Github, DeliverableKind.File, DeliverableKind.Text]),
            (1, [DeliverableKind.Text]));
        var (trainer, trainerId) = await driver.AddTrainerAsync(track.Code);
        var (student, studentId, _) = await api.SignUpStudentAsync();
        var project1 = track.Projects[0];
        var project2 = track.Projects[1];

        // Not enrolled yet: no learning access.
        await ExpectProblem(HttpStatusCode.Forbidden, await student.GetAsync("/api/dashboard"));

        // Admin enrolls (the path payments will take through EnrollmentService); the trainer is assigned.
        var enrollment = await driver.EnrollAsync(studentId, track.Code);
        Assert.Equal(trainerId, enrollment.TrainerId);
        Assert.Equal(EnrollmentStatus.Active, enrollment.Status);

        var learning = await Read<LearningTrackView>(HttpStatusCode.OK, await student.GetAsync("/api/learning"));
        Assert.Equal([ProjectState.InProgress, ProjectState.Locked], learning.Projects.Select(p => p.State));
        Assert.Equal(0, learning.Percent);

        // Steps: tick (twice: idempotent), untick; a locked project's step cannot be ticked.
        var step1 = project1.Steps[0].Id;
        var step2 = project1.Steps[1].Id;
        await Expect(HttpStatusCode.NoContent, await student.PutAsync($"/api/learning/steps/{step1}/completion", null));
        await Expect(HttpStatusCode.NoContent, await student.PutAsync($"/api/learning/steps/{step1}/completion", null));
        await Expect(HttpStatusCode.NoContent, await student.PutAsync($"/api/learning/steps/{step2}/completion", null));
        await Expect(HttpStatusCode.NoContent, await student.DeleteAsync($"/api/learning/steps/{step2}/completion"));
        await ExpectProblem(HttpStatusCode.Conflict, await student.PutAsync($"/api/learning/steps/{project2.Steps[0].Id}/completion", null));
        await ExpectProblem(HttpStatusCode.NotFound, await student.PutAsync($"/api/learning/steps/{Guid.NewGuid()}/completion", null));
        learning = await Read<LearningTrackView>(HttpStatusCode.OK, await student.GetAsync("/api/learning"));
        Assert.Equal([true, false], learning.Projects[0].Steps.Select(s => s.Done));
        Assert.Equal(16, learning.Projects[0].Percent); // 1 of 6 units (2 steps + 4 deliverables)

        // Submissions: each kind validated, a locked project refused, a duplicate refused.
        var link = project1.Deliverables.Single(d => d.Kind == DeliverableKind.Link).Id;
        var github = project1.Deliverables.Single(d => d.Kind == DeliverableKind.Github).Id;
        var file = project1.Deliverables.Single(d => d.Kind == DeliverableKind.File).Id;
        var text = project1.Deliverables.Single(d => d.Kind == DeliverableKind.Text).Id;

        await ExpectFieldError("url", await student.PostAsJsonAsync("/api/submissions", new { deliverableId = link, url = "not a url" }));
        await ExpectFieldError("url", await student.PostAsJsonAsync("/api/submissions", new { deliverableId = link, url = "javascript:alert(1)" }));
        await ExpectFieldError("url", await student.PostAsJsonAsync("/api/submissions", new { deliverableId = github, url = "https://gitlab.com/someone/repo" }));
        await ExpectFieldError("url", await student.PostAsJsonAsync("/api/submissions", new { deliverableId = github, url = "https://github.com/only-owner" }));
        await ExpectFieldError("text", await student.PostAsJsonAsync("/api/submissions", new { deliverableId = text, text = "   " }));
        await ExpectFieldError("fileId", await student.PostAsJsonAsync("/api/submissions", new { deliverableId = file, fileId = Guid.NewGuid() }));
        await ExpectProblem(HttpStatusCode.Conflict, await student.PostAsJsonAsync("/api/submissions",
            new { deliverableId = project2.Deliverables[0].Id, text = "too early" }));

        var linkSubmission = await Submit(student, new { deliverableId = link, url = "https://example.com/dashboard" });
        var githubSubmission = await Submit(student, new { deliverableId = github, url = "https://github.com/apranova-student/sql-analysis.git" });
        Assert.Equal("https://github.com/apranova-student/sql-analysis", githubSubmission.Url);
        var fileId = await student.UploadPdfAsync();
        var fileSubmission = await Submit(student, new { deliverableId = file, fileId });
        Assert.Equal(fileId, fileSubmission.File!.Id);
        var textSubmission = await Submit(student, new { deliverableId = text, text = "Revenue grew 12% month over month." });
        await ExpectProblem(HttpStatusCode.Conflict, await student.PostAsJsonAsync("/api/submissions", new { deliverableId = link, url = "https://example.com/other" }));

        // The trainer's queue: this student's four hand-ins, oldest first.
        var queue = await Read<List<SubmissionView>>(HttpStatusCode.OK, await trainer.GetAsync("/api/trainers/reviews"));
        Assert.Equal([linkSubmission.Id, githubSubmission.Id, fileSubmission.Id, textSubmission.Id], queue.Select(s => s.Id));

        // Revision requested (feedback required), then resubmitted.
        await ExpectFieldError("feedback", await trainer.PostAsJsonAsync($"/api/trainers/submissions/{textSubmission.Id}/request-revision", new { feedback = "" }));
        var revised = await Read<SubmissionView>(HttpStatusCode.OK, await trainer.PostAsJsonAsync(
            $"/api/trainers/submissions/{textSubmission.Id}/request-revision", new { feedback = "Explain the caveats of the data." }));
        Assert.Equal(SubmissionStatus.RevisionRequested, revised.Status);

        var dashboard = await Read<DashboardView>(HttpStatusCode.OK, await student.GetAsync("/api/dashboard"));
        Assert.Equal(track.Code, dashboard.Track.Code);
        Assert.Equal(trainerId, dashboard.Trainer!.Id);
        Assert.Equal(project1.Id, dashboard.CurrentProject!.ProjectId);
        var revisedOnDashboard = dashboard.RecentSubmissions.Single(s => s.Id == textSubmission.Id);
        Assert.Equal(SubmissionStatus.RevisionRequested, revisedOnDashboard.Status);
        Assert.Equal("Explain the caveats of the data.", revisedOnDashboard.Feedback);

        // A waiting attempt nobody has opened can be replaced (same attempt); once the trainer opens it, not any more.
        var replacedLink = await Read<SubmissionView>(HttpStatusCode.OK, await student.PutAsJsonAsync($"/api/submissions/{linkSubmission.Id}", new { url = "https://example.com/v2" }));
        Assert.Equal(1, replacedLink.Attempt);
        Assert.Equal("https://example.com/v2", replacedLink.Url);
        await Expect(HttpStatusCode.OK, await trainer.PostAsync($"/api/submissions/{linkSubmission.Id}/review-start", null));
        await ExpectProblem(HttpStatusCode.Conflict, await student.PutAsJsonAsync($"/api/submissions/{linkSubmission.Id}", new { url = "https://example.com/v3" }));
        await ExpectFieldError("text", await student.PutAsJsonAsync($"/api/submissions/{textSubmission.Id}", new { text = "" }));
        var resubmitted = await Read<SubmissionView>(HttpStatusCode.OK, await student.PutAsJsonAsync($"/api/submissions/{textSubmission.Id}",
            new { text = "Revenue grew 12% month over month; returns excluded, 25% of lines lack a customer id." }));
        Assert.Equal(SubmissionStatus.Resubmitted, resubmitted.Status);
        Assert.Equal(2, resubmitted.Attempt);

        // Approving every deliverable approves project 1 and unlocks project 2.
        foreach (var id in new[] { linkSubmission.Id, githubSubmission.Id, fileSubmission.Id })
            await Expect(HttpStatusCode.OK, await trainer.PostAsJsonAsync($"/api/trainers/submissions/{id}/approve", new { }));
        learning = await Read<LearningTrackView>(HttpStatusCode.OK, await student.GetAsync("/api/learning"));
        Assert.Equal(ProjectState.InProgress, learning.Projects[0].State);
        await Expect(HttpStatusCode.OK, await trainer.PostAsJsonAsync($"/api/trainers/submissions/{textSubmission.Id}/approve", new { feedback = "Clear and honest." }));
        await ExpectProblem(HttpStatusCode.Conflict, await trainer.PostAsJsonAsync($"/api/trainers/submissions/{textSubmission.Id}/approve", new { }));

        learning = await Read<LearningTrackView>(HttpStatusCode.OK, await student.GetAsync("/api/learning"));
        Assert.Equal([ProjectState.Approved, ProjectState.InProgress], learning.Projects.Select(p => p.State));
        dashboard = await Read<DashboardView>(HttpStatusCode.OK, await student.GetAsync("/api/dashboard"));
        Assert.Equal(project2.Id, dashboard.CurrentProject!.ProjectId);
        Assert.Equal(1, dashboard.Progress.ProjectsApproved);

        // The trainer sees the student with progress.
        var students = await Read<List<ApraNova.Api.Features.Trainers.TrainerStudentRow>>(HttpStatusCode.OK, await trainer.GetAsync("/api/trainers/students"));
        var row = Assert.Single(students);
        Assert.Equal(studentId, row.StudentId);
        Assert.Equal(1, row.ProjectsApproved);
        Assert.Equal(dashboard.Progress.Percent, row.Percent);

        // The last project approved: the track is completed, still readable, no longer workable.
        var last = await Submit(student, new { deliverableId = project2.Deliverables[0].Id, text = "Deployed." });
        await Expect(HttpStatusCode.OK, await trainer.PostAsJsonAsync($"/api/trainers/submissions/{last.Id}/approve", new { }));
        dashboard = await Read<DashboardView>(HttpStatusCode.OK, await student.GetAsync("/api/dashboard"));
        Assert.Equal(EnrollmentStatus.Completed, dashboard.EnrollmentStatus);
        Assert.Equal(100, dashboard.Progress.Percent);
        Assert.Null(dashboard.CurrentProject);
        await ExpectProblem(HttpStatusCode.Conflict, await student.DeleteAsync($"/api/learning/steps/{step1}/completion"));

        // Enrollment and every review decision are in the audit log.
        await using var scope = api.CreateDbScope();
        var actions = await scope.Db.AuditEntries.AsNoTracking()
            .Where(a => a.SubjectId == enrollment.Id.ToString() || a.SubjectId == textSubmission.Id.ToString())
            .Select(a => a.Action).ToListAsync();
        Assert.Contains("enrollment.enrolled", actions);
        Assert.Contains("enrollment.completed", actions);
        Assert.Contains("submission.revision_requested", actions);
        Assert.Contains("submission.approved", actions);
    }

    [Fact]
    public async Task Withdrawn_student_loses_learning_access_and_the_trainer_seat_is_freed()
    {
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.Text]));
        var (trainer, trainerId) = await driver.AddTrainerAsync(track.Code);
        var (student, studentId, enrollment) = await driver.EnrolledStudentAsync(track.Code);
        await Expect(HttpStatusCode.OK, await student.GetAsync("/api/dashboard"));
        var submission = await Submit(student, new { deliverableId = track.Projects[0].Deliverables[0].Id, text = "Work" });

        var admin = await driver.AdminAsync();
        var withdrawn = await Read<ApraNova.Api.Features.Enrollments.EnrollmentAdminView>(HttpStatusCode.OK,
            await admin.PostAsJsonAsync($"/api/admin/enrollments/{enrollment.Id}/withdraw", new { reason = "Refund requested" }));
        Assert.Equal(EnrollmentStatus.Withdrawn, withdrawn.Status);
        await ExpectProblem(HttpStatusCode.Conflict, await admin.PostAsJsonAsync($"/api/admin/enrollments/{enrollment.Id}/withdraw", new { }));

        await ExpectProblem(HttpStatusCode.Forbidden, await student.GetAsync("/api/dashboard"));
        await ExpectProblem(HttpStatusCode.Forbidden, await student.GetAsync("/api/learning"));
        await ExpectProblem(HttpStatusCode.Forbidden, await student.PutAsync($"/api/learning/steps/{track.Projects[0].Steps[0].Id}/completion", null));
        await ExpectProblem(HttpStatusCode.Forbidden, await student.PostAsJsonAsync("/api/submissions",
            new { deliverableId = track.Projects[0].Deliverables[0].Id, text = "More" }));
        // The pending submission leaves the queue and cannot be decided any more.
        var queue = await Read<List<SubmissionView>>(HttpStatusCode.OK, await trainer.GetAsync("/api/trainers/reviews"));
        Assert.DoesNotContain(queue, s => s.Id == submission.Id);
        await ExpectProblem(HttpStatusCode.Conflict, await trainer.PostAsJsonAsync($"/api/trainers/submissions/{submission.Id}/approve", new { }));

        var trainers = await Read<List<ApraNova.Api.Features.Tracks.TrackTrainerView>>(HttpStatusCode.OK, await admin.GetAsync($"/api/admin/tracks/{track.Code}/trainers"));
        Assert.Equal(0, trainers.Single(t => t.TrainerId == trainerId).Students);

        // Re-enrolling later is possible (a new enrollment).
        var again = await driver.EnrollAsync(studentId, track.Code);
        Assert.NotEqual(enrollment.Id, again.Id);
        await Expect(HttpStatusCode.OK, await student.GetAsync("/api/dashboard"));
    }

    [Fact]
    public async Task Enrolling_twice_is_idempotent_and_a_second_track_is_refused()
    {
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.Text]));
        var other = await driver.CreateTrackAsync((1, [DeliverableKind.Text]));
        var (_, studentId, enrollment) = await driver.EnrolledStudentAsync(track.Code);
        var admin = await driver.AdminAsync();

        var again = await Read<ApraNova.Api.Features.Enrollments.EnrollmentAdminView>(HttpStatusCode.OK,
            await admin.PostAsJsonAsync("/api/admin/enrollments", new { studentId, trackCode = track.Code.ToLowerInvariant() }));
        Assert.Equal(enrollment.Id, again.Id);
        await ExpectProblem(HttpStatusCode.Conflict, await admin.PostAsJsonAsync("/api/admin/enrollments", new { studentId, trackCode = other.Code }));
        await ExpectProblem(HttpStatusCode.NotFound, await admin.PostAsJsonAsync("/api/admin/enrollments", new { studentId, trackCode = "NOPE" }));
        await ExpectFieldError("studentId", await admin.PostAsJsonAsync("/api/admin/enrollments", new { studentId = Guid.Empty, trackCode = track.Code }));

        var (trainerId, _) = await api.CreateUserAsync(ApraNova.Api.Features.Users.Roles.Trainer);
        await ExpectFieldError("studentId", await admin.PostAsJsonAsync("/api/admin/enrollments", new { studentId = trainerId, trackCode = track.Code }));
    }

    [Fact]
    public async Task Duplicate_submissions_racing_each_other_leave_one_row_and_the_losers_get_409()
    {
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.Text]));
        await driver.AddTrainerAsync(track.Code);
        var (student, studentId, _) = await driver.EnrolledStudentAsync(track.Code);
        var deliverableId = track.Projects[0].Deliverables[0].Id;

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            student.PostAsJsonAsync("/api/submissions", new { deliverableId, text = $"attempt {i}" })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        await using var scope = api.CreateDbScope();
        Assert.Equal(1, await scope.Db.Submissions.CountAsync(s => s.StudentId == studentId && s.DeliverableId == deliverableId));
    }

    private static async Task<SubmissionView> Submit(HttpClient student, object body) =>
        await Read<SubmissionView>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions", body));
}
