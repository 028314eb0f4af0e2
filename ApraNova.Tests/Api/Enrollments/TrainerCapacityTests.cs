using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>
    /// Payments enroll inside the webhook's own transaction, where the assignment lock is held until
    /// the caller commits: racing enrollments must still see each other's assignments.
    /// </summary>
    [Fact]
    public async Task Concurrent_enrollments_inside_callers_transactions_never_put_a_21st_student_with_a_trainer()
    {
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.Text]));
        var (_, trainer) = await driver.AddTrainerAsync(track.Code);
        var students = await Task.WhenAll(Enumerable.Range(0, 26).Select(_ => api.CreateUserAsync(Roles.Student)));

        async Task<Guid?> EnrollAsPaymentsDo(Guid studentId)
        {
            await using var scope = api.CreateDbScope();
            var db = scope.Db;
            var enrollments = scope.Services.GetRequiredService<EnrollmentService>();
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync();
                var enrollment = await enrollments.EnrollAsync(studentId, track.Code, null, CancellationToken.None);
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
                return enrollment.TrainerId;
            });
        }

        using var start = new SemaphoreSlim(0);
        var tasks = students.Select(async s =>
        {
            await start.WaitAsync();
            return await EnrollAsPaymentsDo(s.UserId);
        }).ToList();
        start.Release(tasks.Count);
        var assigned = await Task.WhenAll(tasks);

        Assert.Equal(20, assigned.Count(t => t == trainer));
        Assert.Equal(6, assigned.Count(t => t is null));
        await using var check = api.CreateDbScope();
        var rows = await check.Db.Enrollments.AsNoTracking()
            .Where(e => e.Track!.Code == track.Code)
            .Select(e => new { e.StudentId, e.TrainerId, e.Status, Unlocked = check.Db.ProjectProgress.Count(p => p.EnrollmentId == e.Id) })
            .ToListAsync();
        Assert.Equal(26, rows.Count);
        Assert.Equal(26, rows.Select(r => r.StudentId).Distinct().Count());
        Assert.All(rows, r => Assert.Equal(EnrollmentStatus.Active, r.Status));
        Assert.All(rows, r => Assert.Equal(1, r.Unlocked));
        Assert.Equal(20, rows.Count(r => r.TrainerId == trainer));

        // Enrolling again (a webhook retry) inside a transaction changes nothing.
        Assert.Equal(assigned[0], await EnrollAsPaymentsDo(students[0].UserId));
        await using var again = api.CreateDbScope();
        Assert.Equal(26, await again.Db.Enrollments.CountAsync(e => e.Track!.Code == track.Code));
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
