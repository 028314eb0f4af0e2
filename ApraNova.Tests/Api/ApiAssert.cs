using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ApraNova.Tests.Api;

/// <summary>Assertions on api responses, with the request and the body in the failure message.</summary>
public static class ApiAssert
{
    /// <summary>The api's JSON: camelCase, enums as camelCase strings.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task Expect(HttpStatusCode expected, HttpResponseMessage response)
    {
        if (response.StatusCode != expected)
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<T> Read<T>(HttpStatusCode expected, HttpResponseMessage response)
    {
        await Expect(expected, response);
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    /// <summary>Asserts an RFC 7807 error with the given status (see <see cref="ReadProblemAsync"/>) and returns it.</summary>
    public static async Task<JsonElement> ExpectProblem(HttpStatusCode expected, HttpResponseMessage response)
    {
        await Expect(expected, response);
        return await ReadProblemAsync(response);
    }

    /// <summary>The problem document of an error response: problem+json, its status, and the request's traceId.</summary>
    public static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("traceId", out _), "ProblemDetails carries a traceId");
        return problem;
    }

    /// <summary>The (camelCase) fields a validation problem names.</summary>
    public static IEnumerable<string> ErrorFields(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(error => error.Name);

    /// <summary>The messages of a validation problem for one (camelCase) field; empty when it has none.</summary>
    public static string[] FieldErrors(JsonElement problem, string field) =>
        problem.GetProperty("errors").TryGetProperty(field, out var messages)
            ? messages.EnumerateArray().Select(message => message.GetString()!).ToArray()
            : [];

    /// <summary>Asserts a 400 validation problem that names <paramref name="field"/>.</summary>
    public static async Task ExpectFieldError(string field, HttpResponseMessage response)
    {
        await Expect(HttpStatusCode.BadRequest, response);
        var fields = ErrorFields(await ReadProblemAsync(response)).ToList();
        Assert.True(fields.Contains(field), $"expected an error for '{field}', got: {string.Join(", ", fields)}");
    }
}
