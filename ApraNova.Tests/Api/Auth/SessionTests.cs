using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Auth;
using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using static ApraNova.Tests.Api.ApiAssert;
using static ApraNova.Tests.Api.Auth.RefreshCookies;

namespace ApraNova.Tests.Api.Auth;

[Collection(ApiCollection.Name)]
public sealed class SessionTests(ApiFactory api)
{
    [Fact]
    public async Task Refresh_rotates_the_cookie_and_issues_a_new_access_token()
    {
        var (client, userId, _) = await api.SignUpStudentAsync();

        var first = await client.PostAsync("/api/auth/refresh", null);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstAuth = (await first.Content.ReadFromJsonAsync<AuthResponse>())!;
        Assert.Equal(userId, firstAuth.User.Id);
        var firstToken = RefreshCookieValue(first);
        Assert.NotNull(firstToken);

        var second = await client.PostAsync("/api/auth/refresh", null);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var secondToken = RefreshCookieValue(second);
        Assert.NotNull(secondToken);
        Assert.NotEqual(firstToken, secondToken);

        // Only hashes are stored, all in one family, each rotated token pointing at its successor.
        await using var scope = api.CreateDbScope();
        var tokens = await scope.Db.RefreshTokens.Where(token => token.UserId == userId).OrderBy(token => token.CreatedAt).ToListAsync();
        Assert.Equal(3, tokens.Count);
        Assert.Single(tokens.Select(token => token.FamilyId).Distinct());
        Assert.DoesNotContain(tokens, token => token.TokenHash == firstToken || token.TokenHash == secondToken);
        Assert.Contains(tokens, token => token.TokenHash == RefreshTokenService.Hash(secondToken) && token.RevokedAt == null);
        Assert.Equal(2, tokens.Count(token => token.RevokedReason == RefreshTokenRevocation.Rotated && token.ReplacedById != null));
    }

    [Fact]
    public async Task Reusing_a_rotated_refresh_token_revokes_the_whole_family()
    {
        var client = api.CreateApiClient(handleCookies: false);
        var email = ApiFactory.NewEmail();
        var signUp = await ApiFactory.SignUpAsync(client, email, fullName: "Victim");
        var original = RefreshCookieValue(signUp)!;

        var rotated = await RefreshWithAsync(client, original);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var successor = RefreshCookieValue(rotated)!;

        // The stolen original comes back: refused, and the cookie is cleared.
        var reuse = await RefreshWithAsync(client, original);
        Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        await ReadProblemAsync(reuse);

        // The legitimate successor is dead too: the whole family was revoked.
        var afterReuse = await RefreshWithAsync(client, successor);
        Assert.Equal(HttpStatusCode.Unauthorized, afterReuse.StatusCode);

        await using var scope = api.CreateDbScope();
        var user = await scope.Db.Users.SingleAsync(user => user.Email == email);
        Assert.False(await scope.Db.RefreshTokens.AnyAsync(token => token.UserId == user.Id && token.RevokedAt == null));
        Assert.True(await scope.Db.RefreshTokens.AnyAsync(token => token.UserId == user.Id && token.RevokedReason == RefreshTokenRevocation.ReuseDetected));
        Assert.True(await scope.Db.AuditEntries
            .AnyAsync(entry => entry.Action == "auth.refresh_token_reused" && entry.SubjectId == user.Id.ToString()));
    }

    [Fact]
    public async Task Reuse_revokes_only_that_family_not_other_log_ins()
    {
        var (userId, email) = await api.CreateUserAsync(Roles.Student);
        var laptop = api.CreateApiClient(handleCookies: false);
        var phone = api.CreateApiClient();
        var laptopLogin = await laptop.PostAsJsonAsync("/api/auth/login", new { email, password = ApiFactory.DefaultPassword });
        await ApiFactory.LogInAsync(phone, email);
        var laptopToken = RefreshCookieValue(laptopLogin)!;

        Assert.Equal(HttpStatusCode.OK, (await RefreshWithAsync(laptop, laptopToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshWithAsync(laptop, laptopToken)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await phone.PostAsync("/api/auth/refresh", null)).StatusCode);
        Assert.NotEqual(Guid.Empty, userId);
    }

    [Fact]
    public async Task Logout_ends_the_session_and_clears_the_cookie()
    {
        var (client, _, _) = await api.SignUpStudentAsync();

        var logout = await client.PostAsync("/api/auth/logout", null);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Contains(logout.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith(RefreshCookie.Name + "=;", StringComparison.Ordinal));

        var refresh = await client.PostAsync("/api/auth/refresh", null);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }

    [Fact]
    public async Task A_logged_out_token_presented_again_is_refused()
    {
        var client = api.CreateApiClient(handleCookies: false);
        var signUp = await ApiFactory.SignUpAsync(client, ApiFactory.NewEmail(), fullName: "Leaver");
        var token = RefreshCookieValue(signUp)!;
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout");
        logout.Headers.Add("Cookie", $"{RefreshCookie.Name}={token}");
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(logout)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshWithAsync(client, token)).StatusCode);
    }

    [Fact]
    public async Task Refresh_without_a_cookie_or_with_garbage_is_401_problem()
    {
        var client = api.CreateApiClient(handleCookies: false);
        await ReadProblemAsync(await client.PostAsync("/api/auth/refresh", null));
        var garbage = await RefreshWithAsync(client, "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
    }

    [Fact]
    public async Task Password_change_keeps_this_session_and_ends_the_others()
    {
        var (userId, email) = await api.CreateUserAsync(Roles.Student);
        var current = api.CreateApiClient();
        var other = api.CreateApiClient();
        await ApiFactory.LogInAsync(current, email);
        await ApiFactory.LogInAsync(other, email);
        const string newPassword = "a-brand-new-passphrase";

        var wrong = await current.PostAsJsonAsync("/api/auth/password/change", new { currentPassword = "not-it-at-all", newPassword });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.NotEmpty(FieldErrors(await ReadProblemAsync(wrong), "currentPassword"));

        var change = await current.PostAsJsonAsync("/api/auth/password/change",
            new { currentPassword = ApiFactory.DefaultPassword, newPassword });
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);

        // Access tokens issued before the change stop working everywhere...
        Assert.Equal(HttpStatusCode.Unauthorized, (await current.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/api/auth/me")).StatusCode);
        // ...this session goes on with the token the change returned and its refresh cookie...
        current.DefaultRequestHeaders.Authorization = new("Bearer", (await change.Content.ReadFromJsonAsync<AuthResponse>())!.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await current.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await current.PostAsync("/api/auth/refresh", null)).StatusCode);
        // ...and the other session is over.
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.PostAsync("/api/auth/refresh", null)).StatusCode);

        var login = api.CreateApiClient();
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await login.PostAsJsonAsync("/api/auth/login", new { email, password = ApiFactory.DefaultPassword })).StatusCode);
        Assert.Equal(userId, (await ApiFactory.LogInAsync(login, email, newPassword)).User.Id);
    }

    [Fact]
    public async Task Profile_name_can_be_changed_and_is_validated()
    {
        var (client, _, _) = await api.SignUpStudentAsync();

        var renamed = await client.PutAsJsonAsync("/api/auth/me", new { fullName = "  Grace Hopper " });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Grace Hopper", (await renamed.Content.ReadFromJsonAsync<UserDto>())!.FullName);
        Assert.Equal("Grace Hopper", (await client.GetFromJsonAsync<UserDto>("/api/auth/me"))!.FullName);

        var empty = await client.PutAsJsonAsync("/api/auth/me", new { fullName = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.NotEmpty(FieldErrors(await ReadProblemAsync(empty), "fullName"));
    }
}
