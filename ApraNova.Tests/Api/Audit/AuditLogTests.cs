using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Tests.Api.Support;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Audit;

[Collection(ApiCollection.Name)]
public sealed class AuditLogTests(ApiFactory api)
{
    [Fact]
    public async Task Entries_name_their_actor_and_subject_and_filter_by_actor_action_and_date()
    {
        var driver = new SupportDriver(api);
        var cast = await driver.CastAsync();
        var ticket = (await SupportDriver.OpenAsync(cast.Student, "Where is my receipt?")).Ticket;
        await Expect(HttpStatusCode.OK, await cast.Staff.PutAsJsonAsync($"/api/admin/support/tickets/{ticket.Id}/assignee", new { assigneeId = cast.StaffId }));
        var (victimId, victimEmail) = await api.CreateUserAsync(Roles.Student);
        await Expect(HttpStatusCode.OK, await cast.Staff.PutAsJsonAsync($"/api/admin/users/{victimId}/role", new { role = Roles.Trainer }));

        var byActor = await Read<Paged<AuditEntryDto>>(HttpStatusCode.OK,
            await cast.Staff.GetAsync($"/api/admin/audit?actor={Uri.EscapeDataString(cast.StaffEmail)}"));
        Assert.All(byActor.Items, e => Assert.Equal(cast.StaffId, e.ActorId));
        var assignment = Assert.Single(byActor.Items, e => e.Action == "support.ticket_assigned");
        Assert.Equal("Test admin", assignment.ActorName);
        Assert.Equal("Ticket “Where is my receipt?”", assignment.SubjectLabel);
        Assert.Equal(cast.StudentId, assignment.SubjectUserId);
        var roleChange = Assert.Single(byActor.Items, e => e.Action == "user.role_changed");
        Assert.Equal(victimId, roleChange.SubjectUserId);
        Assert.Contains(victimEmail, roleChange.SubjectLabel);

        var enrolled = await Read<Paged<AuditEntryDto>>(HttpStatusCode.OK,
            await cast.Staff.GetAsync($"/api/admin/audit?action=enrollment.enrolled&subjectType=Enrollment&pageSize=100"));
        Assert.Contains(enrolled.Items, e => e.SubjectUserId == cast.StudentId && e.SubjectLabel!.Contains("Test Student"));

        var actions = await Read<List<string>>(HttpStatusCode.OK, await cast.Staff.GetAsync("/api/admin/audit/actions"));
        Assert.Contains("support.ticket_opened", actions);
        Assert.Contains("user.role_changed", actions);
        Assert.Equal(actions.Order(StringComparer.Ordinal).ToList(), actions);
        Assert.Equal(actions.Distinct().Count(), actions.Count);

        var tomorrow = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        Assert.Equal(0, (await Read<Paged<AuditEntryDto>>(HttpStatusCode.OK,
            await cast.Staff.GetAsync($"/api/admin/audit?actor={Uri.EscapeDataString(cast.StaffEmail)}&from={tomorrow}"))).Total);
        Assert.Equal(HttpStatusCode.Forbidden, (await cast.Trainer.GetAsync("/api/admin/audit/actions")).StatusCode);
    }
}
