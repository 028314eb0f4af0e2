using System.Net.Http.Json;
using System.Text.Json;
using ApraNova.Api.Features.Auth;

namespace ApraNova.Tests.Api.Accounts;

internal static class AccountTestHelpers
{
    /// <summary>The refresh token value from a response's Set-Cookie, if one was set.</summary>
    public static string? RefreshCookieValue(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Where(cookie => cookie.StartsWith(RefreshCookie.Name + "=", StringComparison.Ordinal))
                .Select(cookie => cookie[(RefreshCookie.Name.Length + 1)..].Split(';')[0])
                .FirstOrDefault(value => value.Length > 0)
            : null;

    /// <summary>POST /api/auth/refresh presenting exactly <paramref name="refreshToken"/> (no cookie jar).</summary>
    public static async Task<HttpResponseMessage> RefreshWithAsync(HttpClient clientWithoutCookies, string refreshToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/refresh");
        request.Headers.Add("Cookie", $"{RefreshCookie.Name}={refreshToken}");
        return await clientWithoutCookies.SendAsync(request);
    }

    public static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("traceId", out _), "ProblemDetails carries a traceId");
        return problem;
    }

    public static string[] FieldErrors(JsonElement problem, string field) =>
        problem.GetProperty("errors").TryGetProperty(field, out var messages)
            ? messages.EnumerateArray().Select(message => message.GetString()!).ToArray()
            : [];
}
