using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApraNova.Api.Features.Auth;
using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ApiSurfaceTests(ApiFactory api)
{
    [Fact]
    public async Task The_openapi_document_lists_the_endpoints_with_their_auth()
    {
        var document = await api.CreateApiClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/auth/signup", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout", "/api/auth/me",
                     "/api/auth/password/change", "/api/auth/password/forgot", "/api/auth/password/reset",
                     "/api/admin/users", "/api/admin/users/{id}/role", "/api/admin/audit" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is in the OpenAPI document");
        }

        var login = paths.GetProperty("/api/auth/login").GetProperty("post");
        Assert.False(login.TryGetProperty("security", out _));
        Assert.True(login.GetProperty("responses").TryGetProperty("401", out _));

        var changeRole = paths.GetProperty("/api/admin/users/{id}/role").GetProperty("put");
        Assert.True(changeRole.TryGetProperty("security", out var security));
        Assert.True(security[0].TryGetProperty("Bearer", out _));
        var responses = changeRole.GetProperty("responses");
        foreach (var status in new[] { "200", "400", "401", "403", "404" })
        {
            Assert.True(responses.TryGetProperty(status, out _), $"PUT role documents {status}");
        }
        Assert.Contains("admin", changeRole.GetProperty("description").GetString());

        var me = paths.GetProperty("/api/auth/me").GetProperty("get");
        Assert.True(me.TryGetProperty("security", out _));
    }

    [Fact]
    public async Task The_api_reference_ui_is_served_in_development()
    {
        var response = await api.CreateApiClient().GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_reports_database_and_cache()
    {
        var response = await api.CreateApiClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("database", body);
        Assert.Contains("cache", body);
    }

    [Fact]
    public async Task Outside_development_the_refresh_cookie_is_secure_and_the_dev_tools_are_off()
    {
        await using var production = new ApiFactory { EnvironmentName = "Production" };
        production.Settings["Mail:DevOutbox"] = "false";
        await ((IAsyncLifetime)production).InitializeAsync();
        try
        {
            var client = production.CreateApiClient(handleCookies: false);
            var (_, email) = await production.CreateUserAsync(ApraNova.Api.Features.Users.Roles.Student);
            var logIn = await client.PostAsJsonAsync("/api/auth/login", new { email, password = ApiFactory.DefaultPassword });
            Assert.Equal(HttpStatusCode.OK, logIn.StatusCode);
            var cookie = Assert.Single(logIn.Headers.GetValues("Set-Cookie"), value => value.StartsWith(RefreshCookie.Name + "="));
            Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);

            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/dev/mail")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/scalar/v1")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);

            // Errors never leak internals in production either.
            using var bad = new StringContent("{oops", System.Text.Encoding.UTF8, "application/json");
            var malformed = await client.PostAsync("/api/auth/login", bad);
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            await ((IAsyncLifetime)production).DisposeAsync();
        }
    }

    [Fact]
    public async Task A_fresh_install_bootstraps_one_superadmin_from_configuration()
    {
        var email = ApiFactory.NewEmail("root");
        await using var fresh = new ApiFactory();
        fresh.Settings["Bootstrap:SuperAdminEmail"] = email;
        fresh.Settings["Bootstrap:SuperAdminPassword"] = "bootstrap-passphrase";
        await ((IAsyncLifetime)fresh).InitializeAsync();
        try
        {
            var client = fresh.CreateApiClient();
            var auth = await ApiFactory.LogInAsync(client, email, "bootstrap-passphrase");
            Assert.Equal(Roles.SuperAdmin, auth.User.Role);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/admin/users")).StatusCode);

            await using (var scope = fresh.CreateDbScope())
            {
                Assert.Equal(1, await scope.Db.UsersInRole(Roles.SuperAdmin).CountAsync());
            }

            // Once a superadmin exists the setting does nothing: another task (or a changed
            // setting) cannot mint a second one.
            var intruder = ApiFactory.NewEmail("intruder");
            await using var restarted = new ApiFactory { SharedDatabaseName = fresh.DatabaseName };
            restarted.Settings["Bootstrap:SuperAdminEmail"] = intruder;
            restarted.Settings["Bootstrap:SuperAdminPassword"] = "intruder-passphrase";
            await ((IAsyncLifetime)restarted).InitializeAsync();
            try
            {
                await using var scope = restarted.CreateDbScope();
                Assert.Equal(1, await scope.Db.UsersInRole(Roles.SuperAdmin).CountAsync());
                Assert.False(await scope.Db.Users.AnyAsync(user => user.Email == intruder));
            }
            finally
            {
                await ((IAsyncLifetime)restarted).DisposeAsync();
            }
        }
        finally
        {
            await ((IAsyncLifetime)fresh).DisposeAsync();
        }
    }
}
