using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApraNova.Api.Features.Auth;
using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Users;

[Collection(ApiCollection.Name)]
public sealed class RoleManagementTests(ApiFactory api)
{
    [Theory]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Trainer)]
    public async Task Students_and_trainers_cannot_list_users_change_roles_or_read_the_audit(string role)
    {
        var client = await api.CreateClientAsAsync(role);
        var (victimId, _) = await api.CreateUserAsync(Roles.Student);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/admin/users/{victimId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await client.PutAsJsonAsync($"/api/admin/users/{victimId}/role", new { role = Roles.Trainer })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await client.PostAsJsonAsync("/api/admin/users", new { email = ApiFactory.NewEmail(), fullName = "X", role = Roles.Admin })).StatusCode);
        Assert.Equal(Roles.Student, await RoleOf(victimId));
    }

    [Fact]
    public async Task Anonymous_callers_get_401()
    {
        var client = api.CreateApiClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await client.PutAsJsonAsync($"/api/admin/users/{Guid.NewGuid()}/role", new { role = Roles.Admin })).StatusCode);
    }

    [Theory]
    [InlineData(Roles.Student, Roles.SuperAdmin)]
    [InlineData(Roles.Trainer, Roles.Admin)]
    [InlineData(Roles.Admin, Roles.SuperAdmin)]
    [InlineData(Roles.SuperAdmin, Roles.Student)]
    public async Task Nobody_changes_their_own_role(string role, string wanted)
    {
        var client = await api.CreateClientAsAsync(role);
        var me = (await client.GetFromJsonAsync<UserDto>("/api/auth/me"))!;

        var response = await client.PutAsJsonAsync($"/api/admin/users/{me.Id}/role", new { role = wanted });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(role, await RoleOf(me.Id));
    }

    [Fact]
    public async Task An_admin_makes_a_student_a_trainer_and_the_change_is_audited()
    {
        var admin = await api.CreateClientAsAsync(Roles.Admin);
        var adminId = (await admin.GetFromJsonAsync<UserDto>("/api/auth/me"))!.Id;
        var (studentClient, studentId, _) = await api.SignUpStudentAsync();
        var before = DateTimeOffset.UtcNow;

        var response = await admin.PutAsJsonAsync($"/api/admin/users/{studentId}/role", new { role = Roles.Trainer });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Roles.Trainer, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());
        Assert.Equal(Roles.Trainer, await RoleOf(studentId));

        await using (var scope = api.CreateDbScope())
        {
            var entry = await scope.Db.AuditEntries.SingleAsync(entry => entry.Action == "user.role_changed" && entry.SubjectId == studentId.ToString());
            Assert.Equal(adminId, entry.ActorId);
            Assert.Equal("user", entry.SubjectType);
            Assert.InRange(entry.OccurredAt, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
            Assert.Equal(Roles.Student, JsonDocument.Parse(entry.Before!).RootElement.GetProperty("role").GetString());
            Assert.Equal(Roles.Trainer, JsonDocument.Parse(entry.After!).RootElement.GetProperty("role").GetString());
        }

        // The audit endpoint shows it to staff.
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?subjectId={studentId}&action=user.role_changed");
        var item = Assert.Single(audit.GetProperty("items").EnumerateArray());
        Assert.Equal(adminId, item.GetProperty("actorId").GetGuid());
        Assert.Equal(Roles.Trainer, item.GetProperty("after").GetProperty("role").GetString());
        Assert.False(string.IsNullOrEmpty(item.GetProperty("actorEmail").GetString()));

        // The access token that says "student" stops working at once; the next refresh carries the new role.
        Assert.Equal(HttpStatusCode.Unauthorized, (await studentClient.GetAsync("/api/auth/me")).StatusCode);
        var refreshed = await studentClient.PostAsync("/api/auth/refresh", null);
        var auth = (await refreshed.Content.ReadFromJsonAsync<AuthResponse>())!;
        Assert.Equal(Roles.Trainer, auth.User.Role);
        studentClient.DefaultRequestHeaders.Authorization = new("Bearer", auth.AccessToken);
        Assert.Equal(Roles.Trainer, (await studentClient.GetFromJsonAsync<UserDto>("/api/auth/me"))!.Role);
    }

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.SuperAdmin)]
    public async Task An_admin_cannot_make_admins_or_superadmins(string wanted)
    {
        var admin = await api.CreateClientAsAsync(Roles.Admin);
        var (studentId, _) = await api.CreateUserAsync(Roles.Student);

        var response = await admin.PutAsJsonAsync($"/api/admin/users/{studentId}/role", new { role = wanted });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await ReadProblemAsync(response);
        Assert.Equal(Roles.Student, await RoleOf(studentId));
        Assert.Equal(HttpStatusCode.Forbidden,
            (await admin.PostAsJsonAsync("/api/admin/users", new { email = ApiFactory.NewEmail(), fullName = "New Admin", role = wanted })).StatusCode);
    }

    [Fact]
    public async Task An_admin_cannot_demote_another_admin()
    {
        var admin = await api.CreateClientAsAsync(Roles.Admin);
        var (otherAdminId, _) = await api.CreateUserAsync(Roles.Admin);

        var response = await admin.PutAsJsonAsync($"/api/admin/users/{otherAdminId}/role", new { role = Roles.Student });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(Roles.Admin, await RoleOf(otherAdminId));
    }

    [Fact]
    public async Task A_superadmin_makes_and_unmakes_admins_and_creates_admin_accounts()
    {
        var superAdmin = await api.CreateClientAsAsync(Roles.SuperAdmin);
        var (userId, userEmail) = await api.CreateUserAsync(Roles.Trainer);

        Assert.Equal(HttpStatusCode.OK, (await superAdmin.PutAsJsonAsync($"/api/admin/users/{userId}/role", new { role = Roles.Admin, confirm = userEmail })).StatusCode);
        Assert.Equal(Roles.Admin, await RoleOf(userId));
        Assert.Equal(HttpStatusCode.OK, (await superAdmin.PutAsJsonAsync($"/api/admin/users/{userId}/role", new { role = Roles.Trainer })).StatusCode);
        Assert.Equal(Roles.Trainer, await RoleOf(userId));

        var email = ApiFactory.NewEmail("admin");
        var created = await superAdmin.PostAsJsonAsync("/api/admin/users", new { email, fullName = "New Admin", role = Roles.Admin });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var newId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(Roles.Admin, await RoleOf(newId));
        // The new account gets a link to choose its password.
        Assert.Contains("/reset-password?", Assert.Single(await api.ReadOutboxAsync(email)).TextBody);

        await using var scope = api.CreateDbScope();
        Assert.Equal(2, await scope.Db.AuditEntries.CountAsync(entry => entry.Action == "user.role_changed" && entry.SubjectId == userId.ToString()));
        Assert.True(await scope.Db.AuditEntries.AnyAsync(entry => entry.Action == "user.created" && entry.SubjectId == newId.ToString()));
    }

    [Fact]
    public async Task An_admin_creates_a_trainer_account()
    {
        var admin = await api.CreateClientAsAsync(Roles.Admin);
        var email = ApiFactory.NewEmail("trainer");

        var created = await admin.PostAsJsonAsync("/api/admin/users", new { email, fullName = "Tina Trainer", role = Roles.Trainer });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(Roles.Trainer, await RoleOf(id));
        Assert.Single(await api.ReadOutboxAsync(email));
    }

    [Fact]
    public async Task Role_changes_validate_the_role_and_the_user()
    {
        var admin = await api.CreateClientAsAsync(Roles.Admin);
        var (studentId, _) = await api.CreateUserAsync(Roles.Student);

        var unknownRole = await admin.PutAsJsonAsync($"/api/admin/users/{studentId}/role", new { role = "god" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        Assert.NotEmpty(FieldErrors(await ReadProblemAsync(unknownRole), "role"));

        var unknownUser = await admin.PutAsJsonAsync($"/api/admin/users/{Guid.NewGuid()}/role", new { role = Roles.Trainer });
        Assert.Equal(HttpStatusCode.NotFound, unknownUser.StatusCode);
        await ReadProblemAsync(unknownUser);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/users/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/users/not-a-guid")).StatusCode);
    }

    [Fact]
    public async Task Staff_list_users_with_search_role_filter_and_paging()
    {
        var admin = await api.CreateClientAsAsync(Roles.Admin);
        var tag = Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 3; i++)
        {
            await api.CreateUserAsync(Roles.Trainer, $"trainer-{tag}-{i}@test.apranova.dev");
        }
        await api.CreateUserAsync(Roles.Student, $"student-{tag}@test.apranova.dev");

        var all = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/users?search={tag}");
        Assert.Equal(4, all.GetProperty("total").GetInt32());

        var trainers = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/users?search={tag}&role=trainer&pageSize=2&page=2");
        Assert.Equal(3, trainers.GetProperty("total").GetInt32());
        var item = Assert.Single(trainers.GetProperty("items").EnumerateArray());
        Assert.Equal(Roles.Trainer, item.GetProperty("role").GetString());

        // LIKE wildcards in the search are literal text, not patterns.
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/users?search={tag}%25_")).GetProperty("total").GetInt32());

        var badRole = await admin.GetAsync("/api/admin/users?role=wizard");
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        var badPage = await admin.GetAsync("/api/admin/users?page=abc");
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        await ReadProblemAsync(badPage);
    }

    [Fact]
    public async Task A_demoted_admin_cannot_keep_granting_roles_with_the_old_token()
    {
        var superAdmin = await api.CreateClientAsAsync(Roles.SuperAdmin);
        var admin = await api.CreateClientAsAsync(Roles.Admin);
        var adminId = (await admin.GetFromJsonAsync<UserDto>("/api/auth/me"))!.Id;
        var (studentId, _) = await api.CreateUserAsync(Roles.Student);

        Assert.Equal(HttpStatusCode.OK, (await superAdmin.PutAsJsonAsync($"/api/admin/users/{adminId}/role", new { role = Roles.Student })).StatusCode);

        // The old access token (role "admin") is revoked at once...
        var response = await admin.PutAsJsonAsync($"/api/admin/users/{studentId}/role", new { role = Roles.Trainer });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        // ...and with Redis flushed, the token stays refused: the task keeps the pushed revocation in
        // memory (401), and the database check on the caller's current role refuses it as well (403).
        var redis = api.Services.GetRequiredService<IConnectionMultiplexer>();
        Assert.True(await redis.GetDatabase().KeyDeleteAsync($"apranova:auth:not-before:{adminId:N}"));
        response = await admin.PutAsJsonAsync($"/api/admin/users/{studentId}/role", new { role = Roles.Trainer });
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        Assert.Equal(Roles.Student, await RoleOf(studentId));
    }

    private async Task<string?> RoleOf(Guid userId)
    {
        await using var scope = api.CreateDbScope();
        return await scope.Db.GetRoleAsync(userId, default);
    }
}
