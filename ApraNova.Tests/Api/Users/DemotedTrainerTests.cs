using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Users;

/// <summary>
/// A trainer's reach into students' work needs the trainer role AND the assignment, on every
/// object; a role change out of trainer takes the user out of every track's pool and hands their
/// open enrollments back to assignment (another trainer of the track, or the unassigned list), audited.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DemotedTrainerTests(ApiFactory api)
{
    private readonly LearningDriver driver = new(api);

    [Fact]
    public async Task A_demoted_trainer_loses_their_students_work_their_pools_and_their_students()
    {
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.File, DeliverableKind.Text]));
        var (trainer, trainerId) = await driver.AddTrainerAsync(track.Code);
        var (student, _, enrollment) = await driver.EnrolledStudentAsync(track.Code);
        Assert.Equal(trainerId, enrollment.TrainerId);
        var fileId = await student.UploadPdfAsync();
        var deliverables = track.Projects[0].Deliverables;
        var fileSubmission = await Read<SubmissionView>(HttpStatusCode.Created,
            await student.PostAsJsonAsync("/api/submissions", new { deliverableId = deliverables.Single(d => d.Kind == DeliverableKind.File).Id, fileId }));
        var textSubmission = await Read<SubmissionView>(HttpStatusCode.Created,
            await student.PostAsJsonAsync("/api/submissions", new { deliverableId = deliverables.Single(d => d.Kind == DeliverableKind.Text).Id, text = "My notes" }));
        // Before: the trainer reaches all of it.
        await Expect(HttpStatusCode.OK, await trainer.GetAsync($"/api/submissions/{textSubmission.Id}"));
        await Expect(HttpStatusCode.OK, await trainer.GetAsync($"/api/files/{fileId}"));

        // A second track where the trainer shares the pool with a colleague who has room.
        var sharedTrack = await driver.CreateTrackAsync((1, [DeliverableKind.Text]));
        var admin = await driver.AdminAsync();
        await Expect(HttpStatusCode.Created, await admin.PostAsJsonAsync($"/api/admin/tracks/{sharedTrack.Code}/trainers", new { trainerId }));
        var (_, colleagueId) = await driver.AddTrainerAsync(sharedTrack.Code);
        var (_, _, sharedEnrollment) = await driver.EnrolledStudentAsync(sharedTrack.Code);
        Assert.Equal(trainerId, sharedEnrollment.TrainerId);

        await Expect(HttpStatusCode.OK, await admin.PutAsJsonAsync($"/api/admin/users/{trainerId}/role", new { role = Roles.Student }));

        // The same person, logged in afresh with their new role, reaches none of their former students' work.
        var demoted = api.CreateApiClient();
        await ApiFactory.LogInAsync(demoted, (await EmailOf(trainerId))!);
        await ExpectProblem(HttpStatusCode.NotFound, await demoted.GetAsync($"/api/submissions/{textSubmission.Id}"));
        await ExpectProblem(HttpStatusCode.NotFound, await demoted.GetAsync($"/api/submissions/{fileSubmission.Id}"));
        await ExpectProblem(HttpStatusCode.NotFound, await demoted.GetAsync($"/api/files/{fileId}"));
        // Their old access token is dead.
        Assert.Equal(HttpStatusCode.Unauthorized, (await trainer.GetAsync($"/api/submissions/{textSubmission.Id}")).StatusCode);

        // Out of both pools.
        foreach (var code in new[] { track.Code, sharedTrack.Code })
        {
            var pool = await Read<List<TrackTrainerView>>(HttpStatusCode.OK, await admin.GetAsync($"/api/admin/tracks/{code}/trainers"));
            Assert.DoesNotContain(pool, t => t.TrainerId == trainerId);
        }

        // Open enrollments went back to assignment: the colleague takes the shared track's student;
        // the other track has nobody left, so its student waits in the unassigned list.
        var unassigned = await Read<Paged<EnrollmentAdminView>>(HttpStatusCode.OK, await admin.GetAsync("/api/admin/enrollments/unassigned"));
        Assert.Contains(unassigned.Items, e => e.Id == enrollment.Id && e.TrainerId == null);
        await using (var scope = api.CreateDbScope())
        {
            Assert.Equal(colleagueId, await scope.Db.Enrollments.Where(e => e.Id == sharedEnrollment.Id).Select(e => e.TrainerId).SingleAsync());
            Assert.False(await scope.Db.Enrollments.AnyAsync(e => e.TrainerId == trainerId && Enrollment.OpenStatuses.Contains(e.Status)));

            // Audited: each handed-back enrollment names who had it, and each pool the user left.
            var released = await scope.Db.AuditEntries.AsNoTracking()
                .Where(a => a.Action == "enrollment.trainer_released" && a.SubjectId == enrollment.Id.ToString()).SingleAsync();
            Assert.Equal(trainerId, JsonDocument.Parse(released.Before!).RootElement.GetProperty("trainerId").GetGuid());
            Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(released.After!).RootElement.GetProperty("trainerId").ValueKind);
            var handedOver = await scope.Db.AuditEntries.AsNoTracking()
                .Where(a => a.Action == "enrollment.trainer_released" && a.SubjectId == sharedEnrollment.Id.ToString()).SingleAsync();
            Assert.Equal(colleagueId, JsonDocument.Parse(handedOver.After!).RootElement.GetProperty("trainerId").GetGuid());
            var poolsLeft = (await scope.Db.AuditEntries.AsNoTracking().Where(a => a.Action == "track.trainer_removed").ToListAsync())
                .Where(a => JsonDocument.Parse(a.Before!).RootElement.GetProperty("trainerId").GetGuid() == trainerId)
                .Select(a => a.SubjectId);
            Assert.Equal(new[] { track.Code, sharedTrack.Code }.Order(), poolsLeft.Order());
        }

        // New students of the track are not assigned to them.
        var (_, _, next) = await driver.EnrolledStudentAsync(track.Code);
        Assert.Null(next.TrainerId);
    }

    [Fact]
    public async Task Being_named_on_an_enrollment_without_the_trainer_role_reaches_nothing()
    {
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.File, DeliverableKind.Text]));
        await driver.AddTrainerAsync(track.Code);
        var (student, _, enrollment) = await driver.EnrolledStudentAsync(track.Code);
        var fileId = await student.UploadPdfAsync();
        var submission = await Read<SubmissionView>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions",
            new { deliverableId = track.Projects[0].Deliverables.Single(d => d.Kind == DeliverableKind.Text).Id, text = "Mine" }));

        // A stale assignment (however it came about) names a user who is not a trainer.
        var (outsider, outsiderId, _) = await api.SignUpStudentAsync();
        await using (var scope = api.CreateDbScope())
        {
            var row = await scope.Db.Enrollments.SingleAsync(e => e.Id == enrollment.Id);
            row.TrainerId = outsiderId;
            await scope.Db.SaveChangesAsync();
        }

        await ExpectProblem(HttpStatusCode.NotFound, await outsider.GetAsync($"/api/submissions/{submission.Id}"));
        await ExpectProblem(HttpStatusCode.NotFound, await outsider.GetAsync($"/api/files/{fileId}"));
    }

    private async Task<string?> EmailOf(Guid userId)
    {
        await using var scope = api.CreateDbScope();
        return await scope.Db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleAsync();
    }
}
