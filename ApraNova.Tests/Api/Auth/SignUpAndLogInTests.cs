using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ApraNova.Api.Features.Auth;
using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Tests.Api.Auth;

[Collection(ApiCollection.Name)]
public sealed class SignUpAndLogInTests(ApiFactory api)
{
    [Fact]
    public async Task Sign_up_emails_a_link_that_creates_the_student_and_starts_a_session()
    {
        var client = api.CreateApiClient();
        var email = ApiFactory.NewEmail();

        var response = await client.PostAsJsonAsync("/api/auth/signup", new { email, password = ApiFactory.DefaultPassword, fullName = "Ada Lovelace" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        await AssertNoAccount(email);

        var token = await ApiFactory.ConfirmationTokenAsync(client, email);
        var confirmed = await client.PostAsJsonAsync("/api/auth/signup/confirm", new { token });
        Assert.Equal(HttpStatusCode.Created, confirmed.StatusCode);
        var auth = await confirmed.Content.ReadFromJsonAsync<AuthResponse>();
        Assert.NotNull(auth);
        Assert.Equal(email, auth.User.Email);
        Assert.Equal("Ada Lovelace", auth.User.FullName);
        Assert.Equal(Roles.Student, auth.User.Role);
        Assert.False(string.IsNullOrEmpty(auth.AccessToken));

        var cookie = Assert.Single(confirmed.Headers.GetValues("Set-Cookie"), value => value.StartsWith(RefreshCookie.Name + "="));
        Assert.Contains("path=/api/auth", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", auth.AccessToken);
        var me = await client.GetFromJsonAsync<UserDto>("/api/auth/me");
        Assert.Equal(auth.User, me);
        await using var scope = api.CreateDbScope();
        Assert.True(await scope.Db.Users.Where(user => user.Email == email).Select(user => user.EmailConfirmed).SingleAsync());

        // The link works once.
        await ApiAssert.ExpectProblem(HttpStatusCode.Conflict, await client.PostAsJsonAsync("/api/auth/signup/confirm", new { token }));
    }

    [Fact]
    public async Task Sign_up_ignores_a_role_field_and_makes_a_student()
    {
        var client = api.CreateApiClient();
        var email = ApiFactory.NewEmail();

        var response = await client.PostAsJsonAsync("/api/auth/signup",
            new { email, password = ApiFactory.DefaultPassword, fullName = "Mallory", role = "admin" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var confirmed = await client.PostAsJsonAsync("/api/auth/signup/confirm", new { token = await ApiFactory.ConfirmationTokenAsync(client, email) });
        var auth = (await confirmed.Content.ReadFromJsonAsync<AuthResponse>())!;
        Assert.Equal(Roles.Student, auth.User.Role);
        await using var scope = api.CreateDbScope();
        Assert.Equal(Roles.Student, await scope.Db.GetRoleAsync(auth.User.Id, default));
        Assert.False(await scope.Db.UsersInRole(Roles.Admin).AnyAsync(user => user.Email == email));
    }

    [Fact]
    public async Task Sign_up_answers_the_same_whether_or_not_the_email_has_an_account()
    {
        var (existingId, existing) = await api.CreateUserAsync(Roles.Trainer);
        var fresh = ApiFactory.NewEmail();

        var forExisting = await api.CreateApiClient().PostAsJsonAsync("/api/auth/signup",
            new { email = existing.ToUpperInvariant(), password = ApiFactory.DefaultPassword, fullName = "Again" });
        var forFresh = await api.CreateApiClient().PostAsJsonAsync("/api/auth/signup",
            new { email = fresh, password = ApiFactory.DefaultPassword, fullName = "Again" });

        Assert.Equal(HttpStatusCode.Accepted, forExisting.StatusCode);
        Assert.Equal(forFresh.StatusCode, forExisting.StatusCode);
        Assert.Equal(await forFresh.Content.ReadAsStringAsync(), await forExisting.Content.ReadAsStringAsync());
        Assert.Equal(forFresh.Content.Headers.ContentType, forExisting.Content.Headers.ContentType);
        // The owner of the existing account is told, in their inbox; their account is untouched.
        var note = Assert.Single(await api.ReadOutboxAsync(existing));
        Assert.Equal("You already have an ApraNova account", note.Subject);
        Assert.DoesNotContain("confirm-email", note.TextBody);
        await using var scope = api.CreateDbScope();
        Assert.Equal(Roles.Trainer, await scope.Db.GetRoleAsync(existingId, default));
        Assert.Equal(1, await scope.Db.Users.CountAsync(user => user.NormalizedEmail == existing.ToUpperInvariant()));
    }

    [Fact]
    public async Task A_forged_or_damaged_confirmation_token_is_refused()
    {
        var client = api.CreateApiClient();
        var email = ApiFactory.NewEmail();
        await client.PostAsJsonAsync("/api/auth/signup", new { email, password = ApiFactory.DefaultPassword, fullName = "Eve" });
        var token = await ApiFactory.ConfirmationTokenAsync(client, email);

        await ApiAssert.ExpectFieldError("token", await client.PostAsJsonAsync("/api/auth/signup/confirm", new { token = "forged" }));
        await ApiAssert.ExpectFieldError("token", await client.PostAsJsonAsync("/api/auth/signup/confirm", new { token = token[..^4] + "AAAA" }));
        await AssertNoAccount(email);
    }

    [Fact]
    public async Task Sign_up_with_invalid_fields_lists_them()
    {
        var response = await api.CreateApiClient().PostAsJsonAsync("/api/auth/signup",
            new { email = "not-an-email", password = "short", fullName = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblem>();
        Assert.NotNull(problem?.Errors);
        Assert.Contains("email", problem.Errors.Keys);
        Assert.Contains("password", problem.Errors.Keys);
        Assert.Contains("fullName", problem.Errors.Keys);
    }

    [Fact]
    public async Task Log_in_with_the_right_password_starts_a_session_and_a_wrong_one_is_refused()
    {
        var (userId, email) = await api.CreateUserAsync(Roles.Trainer);
        var client = api.CreateApiClient();

        var wrong = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "not-the-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);

        var unknown = await client.PostAsJsonAsync("/api/auth/login", new { email = ApiFactory.NewEmail(), password = "whatever-it-is" });
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);

        var auth = await ApiFactory.LogInAsync(client, email);
        Assert.Equal(userId, auth.User.Id);
        Assert.Equal(Roles.Trainer, auth.User.Role);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Me_without_a_token_is_401()
    {
        var response = await api.CreateApiClient().GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await ApiAssert.ReadProblemAsync(response);

        var forged = api.CreateApiClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/auth/me")).StatusCode);
    }

    private async Task AssertNoAccount(string email)
    {
        await using var scope = api.CreateDbScope();
        Assert.False(await scope.Db.Users.AnyAsync(user => user.NormalizedEmail == email.ToUpperInvariant()));
    }

    private sealed record ValidationProblem(int Status, string? Title, Dictionary<string, string[]>? Errors);
}
