using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Learning;

/// <summary>Each role against each learning endpoint family, and object-level ownership.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuthorizationMatrixTests(ApiFactory api)
{
    private readonly LearningDriver driver = new(api);

    public enum Caller { Anonymous, Student, Trainer, Admin }

    private const HttpStatusCode Ok = HttpStatusCode.OK;
    private const HttpStatusCode Unauthorized = HttpStatusCode.Unauthorized;
    private const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;

    public static TheoryData<Caller, string, HttpStatusCode> Reads => new()
    {
        // Public catalogue.
        { Caller.Anonymous, "/api/tracks", Ok },
        { Caller.Student, "/api/tracks", Ok },
        // Student learning.
        { Caller.Anonymous, "/api/learning", Unauthorized },
        { Caller.Student, "/api/learning", Ok },
        { Caller.Trainer, "/api/learning", Forbidden },
        { Caller.Admin, "/api/learning", Forbidden },
        { Caller.Anonymous, "/api/dashboard", Unauthorized },
        { Caller.Student, "/api/dashboard", Ok },
        { Caller.Trainer, "/api/dashboard", Forbidden },
        { Caller.Admin, "/api/dashboard", Forbidden },
        { Caller.Anonymous, "/api/submissions", Unauthorized },
        { Caller.Student, "/api/submissions", Ok },
        { Caller.Trainer, "/api/submissions", Forbidden },
        { Caller.Anonymous, "/api/files", Unauthorized },
        { Caller.Student, "/api/files", Ok },
        // Trainer desk.
        { Caller.Anonymous, "/api/trainers/students", Unauthorized },
        { Caller.Student, "/api/trainers/students", Forbidden },
        { Caller.Trainer, "/api/trainers/students", Ok },
        { Caller.Admin, "/api/trainers/students", Ok },
        { Caller.Student, "/api/trainers/reviews", Forbidden },
        { Caller.Trainer, "/api/trainers/reviews", Ok },
        { Caller.Admin, "/api/trainers/reviews", Ok },
        // Staff.
        { Caller.Anonymous, "/api/admin/enrollments", Unauthorized },
        { Caller.Student, "/api/admin/enrollments", Forbidden },
        { Caller.Trainer, "/api/admin/enrollments", Forbidden },
        { Caller.Admin, "/api/admin/enrollments", Ok },
        { Caller.Student, "/api/admin/enrollments/unassigned", Forbidden },
        { Caller.Trainer, "/api/admin/tracks/DP/trainers", Forbidden },
        { Caller.Admin, "/api/admin/tracks/DP/trainers", Ok },
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Each_role_reaches_only_its_endpoint_families(Caller caller, string path, HttpStatusCode expected)
    {
        var client = await ClientAsync(caller);
        var response = await client.GetAsync(path);
        Assert.True(expected == response.StatusCode, $"{caller} GET {path}: expected {(int)expected}, got {(int)response.StatusCode}");
    }

    [Fact]
    public async Task Writes_are_refused_to_the_wrong_roles()
    {
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.Text]));
        var (trainer, _) = await driver.AddTrainerAsync(track.Code);
        var (student, studentId, _) = await driver.EnrolledStudentAsync(track.Code);
        var submission = await Read<SubmissionView>(HttpStatusCode.Created,
            await student.PostAsJsonAsync("/api/submissions", new { deliverableId = track.Projects[0].Deliverables[0].Id, text = "Mine" }));

        // Students cannot review (not even their own work), enroll themselves or add trainers.
        Assert.Equal(Forbidden, (await student.PostAsJsonAsync($"/api/trainers/submissions/{submission.Id}/approve", new { })).StatusCode);
        Assert.Equal(Forbidden, (await student.PostAsJsonAsync("/api/admin/enrollments", new { studentId, trackCode = "DP" })).StatusCode);
        Assert.Equal(Forbidden, (await student.PostAsJsonAsync($"/api/admin/tracks/{track.Code}/trainers", new { trainerId = studentId })).StatusCode);
        // Trainers cannot submit, enroll or withdraw.
        Assert.Equal(Forbidden, (await trainer.PostAsJsonAsync("/api/submissions", new { deliverableId = track.Projects[0].Deliverables[0].Id, text = "x" })).StatusCode);
        Assert.Equal(Forbidden, (await trainer.PostAsJsonAsync("/api/admin/enrollments", new { studentId, trackCode = "DP" })).StatusCode);
        // Anonymous cannot upload.
        Assert.Equal(Unauthorized, (await api.CreateApiClient().UploadAsync("a.pdf", "application/pdf", FileUploads.Pdf)).StatusCode);
    }

    [Fact]
    public async Task Students_and_trainers_see_only_their_own_students_work()
    {
        var track = await driver.CreateTrackAsync((1, [DeliverableKind.Text]));
        var (trainer, _) = await driver.AddTrainerAsync(track.Code);
        var (student, studentId, _) = await driver.EnrolledStudentAsync(track.Code);
        var submission = await Read<SubmissionView>(HttpStatusCode.Created,
            await student.PostAsJsonAsync("/api/submissions", new { deliverableId = track.Projects[0].Deliverables[0].Id, text = "Mine" }));

        var otherTrack = await driver.CreateTrackAsync((1, [DeliverableKind.Text]));
        var (otherTrainer, _) = await driver.AddTrainerAsync(otherTrack.Code);
        var (otherStudent, _, _) = await driver.EnrolledStudentAsync(otherTrack.Code);

        // The owner, their trainer and staff read the submission.
        await Expect(Ok, await student.GetAsync($"/api/submissions/{submission.Id}"));
        await Expect(Ok, await trainer.GetAsync($"/api/submissions/{submission.Id}"));
        await Expect(Ok, await (await driver.AdminAsync()).GetAsync($"/api/submissions/{submission.Id}"));
        await Expect(Ok, await trainer.GetAsync($"/api/trainers/students/{studentId}"));

        // Everyone else gets 404: it does not exist for them.
        await ExpectProblem(HttpStatusCode.NotFound, await otherStudent.GetAsync($"/api/submissions/{submission.Id}"));
        await ExpectProblem(HttpStatusCode.NotFound, await otherTrainer.GetAsync($"/api/submissions/{submission.Id}"));
        await ExpectProblem(HttpStatusCode.NotFound, await otherTrainer.GetAsync($"/api/trainers/students/{studentId}"));
        await ExpectProblem(HttpStatusCode.NotFound, await otherTrainer.PostAsJsonAsync($"/api/trainers/submissions/{submission.Id}/approve", new { }));
        await ExpectProblem(HttpStatusCode.NotFound, await otherTrainer.PostAsJsonAsync($"/api/trainers/submissions/{submission.Id}/request-revision", new { feedback = "No" }));
        await ExpectProblem(HttpStatusCode.NotFound, await otherStudent.PutAsJsonAsync($"/api/submissions/{submission.Id}", new { text = "Stolen" }));
        Assert.DoesNotContain((await Read<List<SubmissionView>>(Ok, await otherTrainer.GetAsync("/api/trainers/reviews"))), s => s.Id == submission.Id);
        Assert.DoesNotContain((await Read<List<ApraNova.Api.Features.Trainers.TrainerStudentRow>>(Ok, await otherTrainer.GetAsync("/api/trainers/students"))),
            s => s.StudentId == studentId);
        // A deliverable of another track is not the student's to submit.
        await ExpectProblem(HttpStatusCode.NotFound, await otherStudent.PostAsJsonAsync("/api/submissions",
            new { deliverableId = track.Projects[0].Deliverables[0].Id, text = "Wrong track" }));

        // The untouched submission is still awaiting review.
        var after = await Read<SubmissionView>(Ok, await student.GetAsync($"/api/submissions/{submission.Id}"));
        Assert.Equal(SubmissionStatus.Submitted, after.Status);
        Assert.Equal("Mine", after.Text);
    }

    private async Task<HttpClient> ClientAsync(Caller caller) => caller switch
    {
        Caller.Anonymous => api.CreateApiClient(),
        Caller.Student => (await driver.EnrolledStudentAsync("DP")).Client,
        Caller.Trainer => await api.CreateClientAsAsync(Roles.Trainer),
        _ => await api.CreateClientAsAsync(Roles.Admin),
    };
}
