using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Payments;
using ApraNova.Api.Features.Receipts;
using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Users;

[Collection(ApiCollection.Name)]
public sealed class UserDetailAndRoleConfirmationTests(ApiFactory api)
{
    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.SuperAdmin)]
    public async Task Giving_a_staff_role_needs_the_users_email_typed_as_confirmation(string wanted)
    {
        var superAdmin = await api.CreateClientAsAsync(Roles.SuperAdmin);
        var (studentId, email) = await api.CreateUserAsync(Roles.Student);

        await ExpectFieldError("confirm", await superAdmin.PutAsJsonAsync($"/api/admin/users/{studentId}/role", new { role = wanted }));
        await ExpectFieldError("confirm", await superAdmin.PutAsJsonAsync($"/api/admin/users/{studentId}/role", new { role = wanted, confirm = "yes" }));
        await ExpectFieldError("confirm", await superAdmin.PutAsJsonAsync($"/api/admin/users/{studentId}/role",
            new { role = wanted, confirm = ApiFactory.NewEmail() }));
        Assert.Equal(Roles.Student, await RoleOf(studentId));

        var confirmed = await superAdmin.PutAsJsonAsync($"/api/admin/users/{studentId}/role", new { role = wanted, confirm = $"  {email.ToUpperInvariant()} " });
        await Expect(HttpStatusCode.OK, confirmed);
        Assert.Equal(wanted, await RoleOf(studentId));
    }

    [Fact]
    public async Task Student_and_trainer_changes_need_no_typed_confirmation()
    {
        var admin = await api.CreateClientAsAsync(Roles.Admin);
        var (studentId, _) = await api.CreateUserAsync(Roles.Student);
        await Expect(HttpStatusCode.OK, await admin.PutAsJsonAsync($"/api/admin/users/{studentId}/role", new { role = Roles.Trainer }));
        await Expect(HttpStatusCode.OK, await admin.PutAsJsonAsync($"/api/admin/users/{studentId}/role", new { role = Roles.Student }));
        Assert.Equal(Roles.Student, await RoleOf(studentId));
    }

    [Fact]
    public async Task The_user_page_shows_role_lock_state_last_log_in_enrollments_payments_and_trainer_tracks()
    {
        var learning = new LearningDriver(api);
        var track = await learning.CreateTrackAsync();
        var (_, trainerId) = await learning.AddTrainerAsync(track.Code);
        var (student, studentId, enrollment) = await learning.EnrolledStudentAsync(track.Code);
        var admin = await learning.AdminAsync();
        string studentEmail;
        await using (var scope = api.CreateDbScope())
        {
            var user = await scope.Db.Users.SingleAsync(u => u.Id == studentId);
            studentEmail = user.Email!;
            user.LockoutEnd = DateTimeOffset.UtcNow.AddMinutes(10);
            user.AccessFailedCount = 3;
            scope.Db.Payments.Add(new Payment
            {
                Id = Guid.CreateVersion7(), TrackCode = track.Code, AmountCents = 1000, Currency = "usd", State = PaymentState.Paid,
                Email = studentEmail, UserId = studentId, StripeSessionId = "cs_test_" + Guid.NewGuid().ToString("N"),
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, PaidAt = DateTimeOffset.UtcNow,
            });
            await scope.Db.SaveChangesAsync();
            await scope.Services.GetRequiredService<ReceiptIssuer>().IssueDueAsync(CancellationToken.None);
        }

        var details = await Read<UserDetailView>(HttpStatusCode.OK, await admin.GetAsync($"/api/admin/users/{studentId}/details"));
        Assert.Equal(Roles.Student, details.User.Role);
        Assert.NotNull(details.User.LockedOutUntil);
        Assert.Equal(3, details.FailedLogIns);
        Assert.NotNull(details.LastLogInAt); // signed up = first session
        Assert.Equal(1, details.LiveSessions);
        var row = Assert.Single(details.Enrollments);
        Assert.Equal((enrollment.Id, EnrollmentStatus.Active, trainerId), (row.Id, row.Status, row.TrainerId));
        var paymentRow = Assert.Single(details.Payments);
        Assert.Equal(PaymentState.Paid, paymentRow.State);
        Assert.Equal(ReceiptKind.Receipt, Assert.Single(paymentRow.Receipts).Kind);
        await Expect(HttpStatusCode.OK, await admin.GetAsync($"/api/receipts/{paymentRow.Receipts[0].Id}/pdf"));
        Assert.Empty(details.TrainerTracks);

        var trainer = await Read<UserDetailView>(HttpStatusCode.OK, await admin.GetAsync($"/api/admin/users/{trainerId}/details"));
        Assert.Equal([track.Code], trainer.TrainerTracks);
        Assert.Equal(1, trainer.OpenStudents);

        await ExpectProblem(HttpStatusCode.NotFound, await admin.GetAsync($"/api/admin/users/{Guid.NewGuid()}/details"));
        Assert.Equal(HttpStatusCode.Forbidden, (await student.GetAsync($"/api/admin/users/{studentId}/details")).StatusCode);
    }

    private async Task<string?> RoleOf(Guid userId)
    {
        await using var scope = api.CreateDbScope();
        return await scope.Db.GetRoleAsync(userId, default);
    }
}
