using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api;

/// <summary>Whatever a client sends, the answer is a 4xx ProblemDetails and nothing changes; never a 500.</summary>
[Collection(ApiCollection.Name)]
public sealed class BadInputTests(ApiFactory api)
{
    [Theory]
    [InlineData("{\"email\": \"a@b.c\", \"password\": ")]          // truncated
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]                                       // wrong shape
    [InlineData("{\"email\": \"a@b.c\" \"password\": \"x\"}")]     // missing comma
    public async Task Malformed_json_is_400_problem(string body)
    {
        var response = await PostRaw("/api/auth/signup", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await ReadProblemAsync(response);
    }

    [Fact]
    public async Task A_wrong_type_is_400_naming_the_field()
    {
        var email = ApiFactory.NewEmail();
        var response = await PostRaw("/api/auth/signup", $$"""{"email": "{{email}}", "password": 12345678, "fullName": "Typed"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ReadProblemAsync(response);
        Assert.NotEmpty(FieldErrors(problem, "password"));
        await AssertNoAccount(email);
    }

    [Fact]
    public async Task An_empty_body_is_400_problem()
    {
        var response = await PostRaw("/api/auth/login", "");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await ReadProblemAsync(response);
    }

    [Fact]
    public async Task Null_fields_are_validation_errors()
    {
        var response = await PostRaw("/api/auth/signup", """{"email": null, "password": null, "fullName": null}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ReadProblemAsync(response);
        Assert.NotEmpty(FieldErrors(problem, "email"));
        Assert.NotEmpty(FieldErrors(problem, "password"));
    }

    [Fact]
    public async Task A_huge_body_is_413_problem()
    {
        var email = ApiFactory.NewEmail();
        var hugeName = new string('x', 2 * 1024 * 1024);
        var response = await PostRaw("/api/auth/signup", $$"""{"email": "{{email}}", "password": "long-enough-pass", "fullName": "{{hugeName}}"}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await ReadProblemAsync(response);
        await AssertNoAccount(email);
    }

    [Fact]
    public async Task A_huge_chunked_body_without_content_length_is_refused_too()
    {
        var email = ApiFactory.NewEmail();
        var json = $$"""{"email": "{{email}}", "password": "long-enough-pass", "fullName": "{{new string('y', 2 * 1024 * 1024)}}"}""";
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/signup") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await api.CreateApiClient().SendAsync(request);

        Assert.True(response.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, $"got {(int)response.StatusCode}");
        await ReadProblemAsync(response);
        await AssertNoAccount(email);
    }

    [Fact]
    public async Task A_non_json_content_type_is_415_problem()
    {
        using var content = new StringContent("email=a@b.c&password=x", Encoding.UTF8, "application/x-www-form-urlencoded");
        var response = await api.CreateApiClient().PostAsync("/api/auth/login", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await ReadProblemAsync(response);
    }

    [Theory]
    [InlineData("/api/admin/users?page=abc", "page")]
    [InlineData("/api/admin/users?pageSize=1e3", "pageSize")]
    [InlineData("/api/admin/audit?from=yesterday", "from")]
    [InlineData("/api/admin/audit?actorId=not-a-guid", "actorId")]
    [InlineData("/api/admin/enrollments?unassigned=maybe", "unassigned")]
    public async Task A_query_value_of_the_wrong_type_is_a_validation_problem_naming_no_internal_type(string path, string field)
    {
        var admin = await api.CreateClientAsAsync(ApraNova.Api.Features.Users.Roles.Admin);
        var response = await admin.GetAsync(path);

        await ExpectFieldError(field, response);
        var body = await response.Content.ReadAsStringAsync();
        foreach (var internalName in new[] { "Failed to bind", "Nullable", "Int32", "Guid ", "DateTimeOffset", "Boolean", "int ", "bool " })
            Assert.DoesNotContain(internalName, body);
    }

    [Theory]
    [InlineData("application/xml")]
    [InlineData("text/html;q=0.9, image/png")]
    [InlineData("text/plain")]
    public async Task Errors_are_problem_json_whatever_the_client_accepts(string accept)
    {
        var client = api.CreateApiClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Accept", accept);

        await ExpectProblem(HttpStatusCode.Unauthorized, await client.GetAsync("/api/auth/me"));
        var student = await api.CreateClientAsAsync(ApraNova.Api.Features.Users.Roles.Student);
        student.DefaultRequestHeaders.TryAddWithoutValidation("Accept", accept);
        await ExpectProblem(HttpStatusCode.Forbidden, await student.GetAsync("/api/admin/users"));
        await ExpectProblem(HttpStatusCode.NotFound, await client.GetAsync("/api/no-such-thing"));
        await ExpectProblem(HttpStatusCode.MethodNotAllowed, await client.DeleteAsync("/api/tracks"));
    }

    [Fact]
    public async Task Unknown_routes_are_404()
    {
        var response = await api.CreateApiClient().GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await ReadProblemAsync(response);
    }

    private async Task<HttpResponseMessage> PostRaw(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await api.CreateApiClient().PostAsync(path, content);
    }

    private async Task AssertNoAccount(string email)
    {
        await using var scope = api.CreateDbScope();
        Assert.False(await scope.Db.Users.AnyAsync(user => user.Email == email));
    }
}
