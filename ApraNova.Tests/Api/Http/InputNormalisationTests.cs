using System.Net;
using System.Net.Http.Json;
using System.Text;
using ApraNova.Api.Features.Files;
using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Http;

/// <summary>
/// Whatever text, numbers and dates a client sends, the answer is never a 500: text the database
/// cannot store (U+0000, unpaired surrogates) is a 400 naming where it was, wherever it was sent;
/// file names are cut on character boundaries; a page past every row is empty; instants with any
/// offset are instants.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class InputNormalisationTests(ApiFactory api)
{
    private readonly LearningDriver driver = new(api);

    public static TheoryData<string, string, string> JsonBodies => new()
    {
        // Anonymous.
        { "/api/auth/login", """{"email": "a\u0000@example.com", "password": "whatever-it-is"}""", "email" },
        { "/api/auth/signup", """{"email": "nul-{0}@example.com", "password": "long-enough-pass", "fullName": "Nul\u0000Name"}""", "fullName" },
        { "/api/auth/password/forgot", """{"email": "a\u0000b@example.com"}""", "email" },
        { "/api/auth/password/reset", """{"email": "a@example.com", "token": "t\u0000k", "newPassword": "long-enough-pass"}""", "token" },
        { "/api/payments/checkout", """{"trackCode": "D\u0000P"}""", "trackCode" },
        // Lone surrogates: text that is not Unicode.
        { "/api/auth/login", """{"email": "\ud800@example.com", "password": "whatever-it-is"}""", "email" },
        { "/api/auth/signup", """{"email": "lone-{0}@example.com", "password": "long-enough-pass", "fullName": "x\udc00y"}""", "fullName" },
    };

    [Theory]
    [MemberData(nameof(JsonBodies))]
    public async Task Text_the_database_cannot_store_is_a_400_naming_the_field(string path, string body, string field)
    {
        using var content = new StringContent(body.Replace("{0}", Guid.NewGuid().ToString("N")), Encoding.UTF8, "application/json");
        var response = await api.CreateApiClient().PostAsync(path, content);

        await ExpectFieldError(field, response);
    }

    [Fact]
    public async Task The_same_rule_holds_for_signed_in_callers_and_for_query_strings()
    {
        var track = await driver.CreateTrackAsync((1, [ApraNova.Api.Features.Tracks.DeliverableKind.Text]));
        var (student, _, _) = await driver.EnrolledStudentAsync(track.Code);
        var admin = await driver.AdminAsync();

        await ExpectFieldError("fullName", await student.PutAsJsonAsync("/api/auth/me", new { fullName = "Me\0Myself" }));
        await ExpectFieldError("text", await student.PostAsJsonAsync("/api/submissions",
            new { deliverableId = track.Projects[0].Deliverables[0].Id, text = "My work\0" }));
        await ExpectFieldError("search", await admin.GetAsync("/api/admin/users?search=%00"));
        await ExpectFieldError("action", await admin.GetAsync("/api/admin/audit?action=x%00y"));

        // Nothing was stored on the way.
        await using var scope = api.CreateDbScope();
        Assert.False(await scope.Db.Submissions.AnyAsync(s => s.Content != null && s.Content.StartsWith("My work")));
    }

    [Theory]
    [InlineData("/api/tracks/%C0%AE%C0%AE")]
    [InlineData("/api/%ZZ")]
    [InlineData("/api/tracks/%E0%A4%A")]
    public async Task Malformed_percent_encodings_in_the_path_are_a_4xx_problem(string path)
    {
        var response = await api.CreateApiClient().GetAsync(path);

        Assert.InRange((int)response.StatusCode, 400, 499);
        await ReadProblemAsync(response);
    }

    [Fact]
    public async Task A_long_file_name_is_cut_without_splitting_a_character()
    {
        var track = await driver.CreateTrackAsync((1, [ApraNova.Api.Features.Tracks.DeliverableKind.File]));
        var (student, _, _) = await driver.EnrolledStudentAsync(track.Code);
        // The cut at 255 characters falls between the two halves of an emoji.
        var name = new string('a', 250) + "😀😀😀" + ".pdf";

        var view = await Read<FileView>(HttpStatusCode.Created, await student.UploadAsync(name, "application/pdf", FileUploads.Pdf));

        // 251 units would end inside the first emoji: the cut goes before it.
        Assert.Equal(new string('a', 250) + ".pdf", view.Name);
        Assert.True(IsWellFormed(view.Name));
    }

    [Theory]
    [InlineData("/api/admin/users?page=2147483647&pageSize=100")]
    [InlineData("/api/admin/users?page=21474837&pageSize=100")]
    [InlineData("/api/admin/enrollments?page=2147483647&pageSize=100")]
    [InlineData("/api/admin/audit?page=2147483647&pageSize=100")]
    [InlineData("/api/admin/payments?page=2147483647&pageSize=100")]
    public async Task A_page_past_every_row_is_empty_whatever_page_times_page_size_is(string path)
    {
        var admin = await driver.AdminAsync();
        var response = await admin.GetAsync(path);

        await Expect(HttpStatusCode.OK, response);
        var page = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/admin/audit?from=2024-01-01T00:00:00%2B02:00&to=2999-01-01T00:00:00-05:30")]
    [InlineData("/api/admin/payments?from=2024-01-01T00:00:00%2B14:00&to=2999-01-01T00:00:00-12:00")]
    public async Task Date_filters_with_any_offset_mean_the_same_instant(string path)
    {
        var admin = await driver.AdminAsync();
        await Expect(HttpStatusCode.OK, await admin.GetAsync(path));
    }

    [Fact]
    public async Task An_instant_with_an_offset_selects_exactly_what_its_utc_equivalent_selects()
    {
        var admin = await driver.AdminAsync();
        var (_, email) = await api.CreateUserAsync(Roles.Student);
        await Expect(HttpStatusCode.Accepted, await api.CreateApiClient().PostAsJsonAsync("/api/auth/password/forgot", new { email }));
        var now = DateTimeOffset.UtcNow;
        var utc = Uri.EscapeDataString(now.AddHours(-1).ToString("O"));
        var plusFive = Uri.EscapeDataString(now.AddHours(-1).ToOffset(TimeSpan.FromHours(5)).ToString("O"));

        var inUtc = await admin.GetStringAsync($"/api/admin/audit?from={utc}&pageSize=100");
        var withOffset = await admin.GetStringAsync($"/api/admin/audit?from={plusFive}&pageSize=100");

        Assert.Equal(Totals(inUtc), Totals(withOffset));
    }

    private static int Totals(string page) => System.Text.Json.JsonDocument.Parse(page).RootElement.GetProperty("total").GetInt32();

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                    return false;
                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return false;
            }
        }
        return true;
    }
}
