using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ApraNova.Api.Features.Account;
using ApraNova.Api.Features.Auth;
using ApraNova.Api.Features.Users;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Account;

[Collection(ApiCollection.Name)]
public sealed partial class AccountSelfServiceTests(ApiFactory api)
{
    [Fact]
    public async Task The_email_changes_only_when_the_link_sent_to_the_new_address_is_followed()
    {
        var (client, userId, oldEmail) = await api.SignUpStudentAsync();
        var newEmail = ApiFactory.NewEmail("moved");

        await ExpectFieldError("currentPassword", await client.PostAsJsonAsync("/api/account/email", new { newEmail, currentPassword = "wrong-password" }));
        await ExpectFieldError("newEmail", await client.PostAsJsonAsync("/api/account/email", new { newEmail = oldEmail, currentPassword = ApiFactory.DefaultPassword }));
        await ExpectFieldError("newEmail", await client.PostAsJsonAsync("/api/account/email", new { newEmail = "not-an-email", currentPassword = ApiFactory.DefaultPassword }));
        var (_, taken) = await api.CreateUserAsync(Roles.Student);
        await ExpectProblem(HttpStatusCode.Conflict, await client.PostAsJsonAsync("/api/account/email", new { newEmail = taken, currentPassword = ApiFactory.DefaultPassword }));

        await Expect(HttpStatusCode.Accepted, await client.PostAsJsonAsync("/api/account/email", new { newEmail, currentPassword = ApiFactory.DefaultPassword }));
        // Nothing changed yet: the old address still logs in.
        Assert.Equal(oldEmail, (await client.GetFromJsonAsync<UserDto>("/api/auth/me"))!.Email);
        var mail = Assert.Single(await api.ReadOutboxAsync(newEmail));
        var link = LinkPattern().Match(mail.TextBody);
        Assert.True(link.Success, mail.TextBody);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(link.Value).Query);
        Assert.Equal(userId.ToString(), query["userId"]);
        Assert.Equal(newEmail, query["email"]);

        var anonymous = api.CreateApiClient();
        await ExpectFieldError("token", await anonymous.PostAsJsonAsync("/api/account/email/confirm", new { userId, newEmail, token = "forged" }));
        await ExpectFieldError("token", await anonymous.PostAsJsonAsync("/api/account/email/confirm",
            new { userId, newEmail = ApiFactory.NewEmail("other"), token = query["token"] }));
        await Expect(HttpStatusCode.NoContent, await anonymous.PostAsJsonAsync("/api/account/email/confirm", new { userId, newEmail, token = query["token"] }));

        await ApiFactory.LogInAsync(api.CreateApiClient(), newEmail);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateApiClient().PostAsJsonAsync("/api/auth/login",
            new { email = oldEmail, password = ApiFactory.DefaultPassword })).StatusCode);
        Assert.Contains(await api.ReadOutboxAsync(oldEmail), m => m.Subject.Contains("email address was changed"));
        // The link works once.
        await ExpectFieldError("token", await anonymous.PostAsJsonAsync("/api/account/email/confirm", new { userId, newEmail, token = query["token"] }));
    }

    [Fact]
    public async Task Sessions_are_listed_and_log_out_everywhere_ends_them_all()
    {
        var (first, _, email) = await api.SignUpStudentAsync();
        var second = api.CreateApiClient();
        await ApiFactory.LogInAsync(second, email);

        var sessions = await Read<List<AccountSession>>(HttpStatusCode.OK, await first.GetAsync("/api/account/sessions"));
        Assert.Equal(2, sessions.Count);
        Assert.All(sessions, s => Assert.True(s.StartedAt <= s.LastActiveAt && s.ExpiresAt > DateTimeOffset.UtcNow));

        await Expect(HttpStatusCode.NoContent, await first.PostAsync("/api/account/sessions/revoke-all", null));

        foreach (var client in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/auth/refresh", null)).StatusCode);
        }
        var again = api.CreateApiClient();
        await ApiFactory.LogInAsync(again, email);
        Assert.Single(await Read<List<AccountSession>>(HttpStatusCode.OK, await again.GetAsync("/api/account/sessions")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateApiClient().GetAsync("/api/account/sessions")).StatusCode);
    }

    [Fact]
    public async Task Only_students_delete_their_own_account_and_only_with_their_password()
    {
        var trainer = await api.CreateClientAsAsync(Roles.Trainer);
        var info = await Read<AccountDeletionInfo>(HttpStatusCode.OK, await trainer.GetAsync("/api/account/deletion"));
        Assert.False(info.Allowed);
        await ExpectProblem(HttpStatusCode.Conflict, await trainer.PostAsJsonAsync("/api/account/delete", new { currentPassword = ApiFactory.DefaultPassword }));

        var (student, _, _) = await api.SignUpStudentAsync();
        var studentInfo = await Read<AccountDeletionInfo>(HttpStatusCode.OK, await student.GetAsync("/api/account/deletion"));
        Assert.True(studentInfo.Allowed);
        Assert.Contains(studentInfo.Consequences, c => c.Contains("enrollment is withdrawn"));
        await ExpectFieldError("currentPassword", await student.PostAsJsonAsync("/api/account/delete", new { currentPassword = "nope-nope" }));
        await ExpectFieldError("currentPassword", await student.PostAsJsonAsync("/api/account/delete", new { }));
        Assert.Equal(HttpStatusCode.OK, (await student.GetAsync("/api/auth/me")).StatusCode);
    }

    [GeneratedRegex(@"http://localhost:3000/account/confirm-email\?\S+")]
    private static partial Regex LinkPattern();
}
