using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Enrollments;

/// <summary>
/// An open enrollment that is not active (suspended, or waiting for its payment) is resumed by
/// enrolling again: the same row becomes active, gets a trainer, and Project 1 is unlocked once.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EnrollmentResumeTests(ApiFactory api)
{
    private readonly LearningDriver driver = new(api);

    [Theory]
    [InlineData(EnrollmentStatus.Suspended)]
    [InlineData(EnrollmentStatus.PendingPayment)]
    public async Task Enrolling_again_resumes_the_open_enrollment_in_place(EnrollmentStatus status)
    {
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.Text]), (1, [DeliverableKind.Text]));
        var (_, trainerId) = await driver.AddTrainerAsync(track.Code);
        var (studentId, _) = await api.CreateUserAsync(Roles.Student);
        var now = DateTimeOffset.UtcNow;
        var waiting = new Enrollment { StudentId = studentId, TrackId = track.Id, Status = status, CreatedAt = now, UpdatedAt = now };
        await using (var scope = api.CreateDbScope())
        {
            scope.Db.Enrollments.Add(waiting);
            await scope.Db.SaveChangesAsync();
        }

        var admin = await driver.AdminAsync();
        var first = await Read<EnrollmentAdminView>(HttpStatusCode.Created,
            await admin.PostAsJsonAsync("/api/admin/enrollments", new { studentId, trackCode = track.Code }));
        var again = await Read<EnrollmentAdminView>(HttpStatusCode.OK,
            await admin.PostAsJsonAsync("/api/admin/enrollments", new { studentId, trackCode = track.Code }));

        Assert.Equal(waiting.Id, first.Id);
        Assert.Equal(waiting.Id, again.Id);
        await using var check = api.CreateDbScope();
        var enrollments = await check.Db.Enrollments.AsNoTracking().Where(e => e.StudentId == studentId).ToListAsync();
        var resumed = Assert.Single(enrollments);
        Assert.Equal(EnrollmentStatus.Active, resumed.Status);
        Assert.Equal(trainerId, resumed.TrainerId);
        var unlocked = await check.Db.ProjectProgress.AsNoTracking().Where(p => p.EnrollmentId == waiting.Id).Select(p => p.ProjectId).ToListAsync();
        Assert.Equal([track.Projects[0].Id], unlocked);
    }
}
