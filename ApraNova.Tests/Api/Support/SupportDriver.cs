using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Support;
using ApraNova.Api.Features.Users;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Support;

/// <summary>Arranges support scenarios through the public endpoints: a student with a trainer, staff, tickets.</summary>
internal sealed class SupportDriver(ApiFactory api)
{
    private readonly LearningDriver learning = new(api);

    public sealed record Cast(
        HttpClient Student, Guid StudentId, string StudentEmail,
        HttpClient Trainer, Guid TrainerId, string TrainerEmail,
        HttpClient Staff, Guid StaffId, string StaffEmail);

    /// <summary>A student enrolled in a new track, the trainer assigned to them, and an admin.</summary>
    public async Task<Cast> CastAsync()
    {
        var track = await learning.CreateTrackAsync();
        var (trainerId, trainerEmail) = await api.CreateUserAsync(Roles.Trainer);
        await Expect(HttpStatusCode.Created, await (await learning.AdminAsync())
            .PostAsJsonAsync($"/api/admin/tracks/{track.Code}/trainers", new { trainerId }));
        var trainer = api.CreateApiClient();
        await ApiFactory.LogInAsync(trainer, trainerEmail);
        var (student, studentId, studentEmail) = await api.SignUpStudentAsync();
        var enrollment = await learning.EnrollAsync(studentId, track.Code);
        Assert.Equal(trainerId, enrollment.TrainerId);
        var (staff, staffId, staffEmail) = await UserAsync(Roles.Admin);
        return new Cast(student, studentId, studentEmail, trainer, trainerId, trainerEmail, staff, staffId, staffEmail);
    }

    public async Task<(HttpClient Client, Guid Id, string Email)> UserAsync(string role)
    {
        var (id, email) = await api.CreateUserAsync(role);
        var client = api.CreateApiClient();
        await ApiFactory.LogInAsync(client, email);
        return (client, id, email);
    }

    public static async Task<TicketThread> OpenAsync(HttpClient student, string subject = "My upload fails", string message = "The page says error.",
        Guid[]? attachmentIds = null) =>
        await Read<TicketThread>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/support/tickets",
            new { subject, category = "technical", message, attachmentIds }, Json));

    public static async Task<TicketThread> ReplyAsync(HttpClient client, Guid ticketId, string body, bool @internal = false, Guid[]? attachmentIds = null) =>
        await Read<TicketThread>(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/support/tickets/{ticketId}/messages",
            new { body, @internal, attachmentIds }, Json));
}
