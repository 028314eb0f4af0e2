using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Enrollments;

[Collection(ApiCollection.Name)]
public sealed class TrainerCapacityTests(ApiFactory api)
{
    private readonly LearningDriver driver = new(api);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Forty_five_students_and_two_trainers_end_twenty_twenty_and_five_unassigned(bool concurrently)
    {
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.Text]));
        var (_, trainerA) = await driver.AddTrainerAsync(track.Code);
        var (_, trainerB) = await driver.AddTrainerAsync(track.Code);
        var students = await Task.WhenAll(Enumerable.Range(0, 45).Select(_ => api.CreateUserAsync(Roles.Student)));
        var admin = await driver.AdminAsync();

        Task<HttpResponseMessage> Enroll(Guid studentId) => admin.PostAsJsonAsync("/api/admin/enrollments", new { studentId, trackCode = track.Code });
        var responses = new List<HttpResponseMessage>();
        if (concurrently)
            responses.AddRange(await Task.WhenAll(students.Select(s => Enroll(s.UserId))));
        else
            foreach (var (studentId, _) in students)
                responses.Add(await Enroll(studentId));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        await using var scope = api.CreateDbScope();
        var loads = await scope.Db.Enrollments.AsNoTracking()
            .Where(e => e.Track!.Code == track.Code && e.Status == EnrollmentStatus.Active)
            .GroupBy(e => e.TrainerId).Select(g => new { TrainerId = g.Key, Count = g.Count() }).ToListAsync();
        Assert.Equal(20, loads.Single(l => l.TrainerId == trainerA).Count);
        Assert.Equal(20, loads.Single(l => l.TrainerId == trainerB).Count);
        Assert.Equal(5, loads.Single(l => l.TrainerId == null).Count);

        var unassigned = await Read<Paged<EnrollmentAdminView>>(HttpStatusCode.OK, await admin.GetAsync($"/api/admin/enrollments?unassigned=true&trackCode={track.Code}"));
        Assert.Equal(5, unassigned.Total);

        // A full trainer cannot take a sixth... twenty-first student by hand either; a new trainer can.
        var waiting = unassigned.Items[0];
        await ExpectProblem(HttpStatusCode.Conflict, await admin.PutAsJsonAsync($"/api/admin/enrollments/{waiting.Id}/trainer", new { trainerId = trainerA }));
        var (_, trainerC) = await driver.AddTrainerAsync(track.Code);
        var assigned = await Read<EnrollmentAdminView>(HttpStatusCode.OK,
            await admin.PutAsJsonAsync($"/api/admin/enrollments/{waiting.Id}/trainer", new { trainerId = trainerC }));
        Assert.Equal(trainerC, assigned.TrainerId);

        // A trainer of another track is refused.
        var otherTrack = await driver.CreateTrackAsync((1, [DeliverableKind.Text]));
        var (_, outsider) = await driver.AddTrainerAsync(otherTrack.Code);
        await ExpectProblem(HttpStatusCode.Conflict, await admin.PutAsJsonAsync($"/api/admin/enrollments/{unassigned.Items[1].Id}/trainer", new { trainerId = outsider }));
    }

    [Fact]
    public async Task Only_trainers_can_be_added_to_a_track()
    {
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.Text]));
        var (studentId, _) = await api.CreateUserAsync(Roles.Student);
        var admin = await driver.AdminAsync();
        await ExpectProblem(HttpStatusCode.BadRequest, await admin.PostAsJsonAsync($"/api/admin/tracks/{track.Code}/trainers", new { trainerId = studentId }));
        await ExpectProblem(HttpStatusCode.NotFound, await admin.PostAsJsonAsync("/api/admin/tracks/NOPE/trainers", new { trainerId = studentId }));
    }
}
