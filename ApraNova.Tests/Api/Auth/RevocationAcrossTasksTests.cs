using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ApraNova.Api.Features.Auth;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ApraNova.Tests.Api.Auth;

/// <summary>
/// Two api tasks over one PostgreSQL and one Redis: a task checks access tokens against the
/// revocations it holds in memory, so a revocation made through one task must reach the other,
/// including one made before the other task started.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RevocationAcrossTasksTests(ApiFactory api)
{
    private static readonly TimeSpan RefusedWithin = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_password_change_on_one_task_ends_the_old_access_tokens_on_the_other()
    {
        // Revoked before the other task exists: it must learn of it when it joins.
        var (earlier, _, _) = await api.SignUpStudentAsync();
        var earlierToken = earlier.DefaultRequestHeaders.Authorization!.Parameter!;
        await ChangePasswordAsync(earlier);

        await using var otherTask = new ApiFactory { SharedDatabaseName = api.DatabaseName };
        // Tasks of one deployment share the signing key (each test factory otherwise makes its own).
        otherTask.Settings["Jwt:SigningKey"] = api.Services.GetRequiredService<IOptions<JwtOptions>>().Value.SigningKey;
        await ((IAsyncLifetime)otherTask).InitializeAsync();
        try
        {
            await WaitUntilAsync(() => otherTask.Services.GetRequiredService<AccessTokenRevocation>().Pushes.IsLive,
                TimeSpan.FromSeconds(60), "the other task listens to revocations");
            // Live, it answers from memory: this 401 comes from what it read on joining.
            Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(otherTask, earlierToken)).StatusCode);

            var (student, userId, _) = await api.SignUpStudentAsync();
            var token = student.DefaultRequestHeaders.Authorization!.Parameter!;
            Assert.Equal(HttpStatusCode.OK, (await MeAsync(otherTask, token)).StatusCode);

            var renewed = await ChangePasswordAsync(student);
            var changed = Stopwatch.GetTimestamp();
            // A request sent within the bound that is refused proves it (the answer's own time on a
            // loaded machine is not what is measured).
            while (true)
            {
                var sentAfter = Stopwatch.GetElapsedTime(changed);
                Assert.True(sentAfter <= RefusedWithin, $"the other task still accepted the old token {sentAfter.TotalMilliseconds:0} ms after the change");
                var response = await MeAsync(otherTask, token);
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                    break;
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                await Task.Delay(20);
            }
            // The token the change returned works on both tasks.
            var me = await MeAsync(otherTask, renewed.AccessToken);
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Equal(userId, (await me.Content.ReadFromJsonAsync<UserDto>())!.Id);
            Assert.Equal(HttpStatusCode.OK, (await MeAsync(api, renewed.AccessToken)).StatusCode);
        }
        finally
        {
            await ((IAsyncLifetime)otherTask).DisposeAsync();
        }
    }

    private static async Task<AuthResponse> ChangePasswordAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/auth/password/change",
            new { currentPassword = ApiFactory.DefaultPassword, newPassword = "another-long-passphrase" });
        Assert.True(response.IsSuccessStatusCode, $"password change: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<AuthResponse>())!;
    }

    private static async Task<HttpResponseMessage> MeAsync(ApiFactory task, string accessToken)
    {
        var client = task.CreateApiClient(handleCookies: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await client.GetAsync("/api/auth/me");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, $"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }
}
