using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApraNova.Api.Features.Support;
using ApraNova.Api.Infrastructure.Http;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Support;

/// <summary>
/// Internal notes are for staff: the student reads every endpoint that could carry a ticket (found
/// in the api's own OpenAPI document, so a new endpoint is covered without editing this test) and
/// no answer, no email, no count betrays a note. The trainer does not see them either.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class InternalNoteVisibilityTests(ApiFactory api)
{
    private readonly SupportDriver driver = new(api);

    /// <summary>Path prefixes of every endpoint that serves ticket data (or data about the student) to the student.</summary>
    private static readonly string[] StudentFacingPrefixes = ["/api/support", "/api/account", "/api/receipts"];

    [Fact]
    public async Task No_endpoint_returns_an_internal_note_to_the_student()
    {
        var cast = await driver.CastAsync();
        var secret = $"NOTE-{Guid.NewGuid():N}";
        var ticket = (await SupportDriver.OpenAsync(cast.Student)).Ticket;
        var noteFile = await cast.Staff.UploadPdfAsync($"{secret}.pdf");
        var publicFile = await cast.Staff.UploadPdfAsync("answer.pdf");

        var beforeNote = await Read<TicketThread>(HttpStatusCode.OK, await cast.Student.GetAsync($"/api/support/tickets/{ticket.Id}"));
        var withNote = await SupportDriver.ReplyAsync(cast.Staff, ticket.Id, $"Student seems to have shared the password. {secret}", @internal: true, [noteFile]);
        Assert.True(withNote.Messages[^1].IsInternal);
        var afterNote = await Read<TicketThread>(HttpStatusCode.OK, await cast.Student.GetAsync($"/api/support/tickets/{ticket.Id}"));
        // The note changed nothing the student sees: not the state, not the activity time, not the count.
        Assert.Equal(beforeNote.Ticket, afterNote.Ticket);
        await SupportDriver.ReplyAsync(cast.Staff, ticket.Id, "Here is the guide.", attachmentIds: [publicFile]);

        // Staff see the note and count it; the student and the trainer do not.
        var staffView = await Read<TicketThread>(HttpStatusCode.OK, await cast.Staff.GetAsync($"/api/support/tickets/{ticket.Id}"));
        Assert.Contains(staffView.Messages, m => m.IsInternal && m.Body.Contains(secret));
        Assert.Equal(3, staffView.Ticket.MessageCount);
        foreach (var reader in new[] { cast.Student, cast.Trainer })
        {
            var view = await Read<TicketThread>(HttpStatusCode.OK, await reader.GetAsync($"/api/support/tickets/{ticket.Id}"));
            Assert.Equal(2, view.Ticket.MessageCount);
            Assert.Equal(2, view.Messages.Count);
            Assert.DoesNotContain(view.Messages, m => m.IsInternal);
            await ExpectProblem(HttpStatusCode.NotFound, await reader.GetAsync($"/api/support/tickets/{ticket.Id}/attachments/{noteFile}"));
            await Expect(HttpStatusCode.OK, await reader.GetAsync($"/api/support/tickets/{ticket.Id}/attachments/{publicFile}"));
        }
        await Expect(HttpStatusCode.OK, await cast.Staff.GetAsync($"/api/support/tickets/{ticket.Id}/attachments/{noteFile}"));

        // Every GET the student can reach, from the api's own description.
        var values = new Dictionary<string, string>
        {
            ["id"] = ticket.Id.ToString(),
            ["fileId"] = noteFile.ToString(),
        };
        var document = await api.CreateApiClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var read = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            if (!StudentFacingPrefixes.Any(prefix => path.Name.StartsWith(prefix, StringComparison.Ordinal)) || !path.Value.TryGetProperty("get", out _))
                continue;
            var url = System.Text.RegularExpressions.Regex.Replace(path.Name, @"\{(\w+)\}", match =>
                values.TryGetValue(match.Groups[1].Value, out var value) ? value : Guid.NewGuid().ToString());
            foreach (var query in new[] { "", "?pageSize=100" })
            {
                var response = await cast.Student.GetAsync(url + query);
                // A problem document echoes the request's own path ("instance"): that is not news to the student.
                var body = (await response.Content.ReadAsStringAsync()).Replace(url, "", StringComparison.Ordinal);
                Assert.False(body.Contains(secret, StringComparison.Ordinal), $"GET {url}{query} answered the student with the internal note");
                Assert.False(body.Contains(noteFile.ToString(), StringComparison.Ordinal), $"GET {url}{query} told the student about the note's attachment");
            }
            read.Add(path.Name);
        }
        Assert.Contains("/api/support/tickets", read);
        Assert.Contains("/api/support/tickets/{id}", read);
        Assert.Contains("/api/support/tickets/{id}/attachments/{fileId}", read);

        // The answers to the student's own changes carry the thread too.
        foreach (var response in new[]
                 {
                     await cast.Student.PostAsJsonAsync($"/api/support/tickets/{ticket.Id}/messages", new { body = "Thanks" }),
                     await cast.Student.PostAsync($"/api/support/tickets/{ticket.Id}/resolve", null),
                     await cast.Student.PostAsync($"/api/support/tickets/{ticket.Id}/reopen", null),
                 })
        {
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode}");
            Assert.DoesNotContain(secret, await response.Content.ReadAsStringAsync());
        }

        // A student cannot write a note either, and no email to the student mentions it.
        await ExpectProblem(HttpStatusCode.Forbidden,
            await cast.Student.PostAsJsonAsync($"/api/support/tickets/{ticket.Id}/messages", new { body = "sneaky", @internal = true }));
        Assert.DoesNotContain(await api.ReadOutboxAsync(cast.StudentEmail), m => m.TextBody.Contains(secret) || m.Subject.Contains(secret));
        Assert.DoesNotContain(await api.ReadOutboxAsync(cast.TrainerEmail), m => m.TextBody.Contains(secret));
    }

    [Fact]
    public async Task The_list_counts_no_notes_for_the_student()
    {
        var cast = await driver.CastAsync();
        var ticket = (await SupportDriver.OpenAsync(cast.Student)).Ticket;
        await SupportDriver.ReplyAsync(cast.Staff, ticket.Id, "private", @internal: true);

        var studentList = await Read<Paged<TicketSummary>>(HttpStatusCode.OK, await cast.Student.GetAsync("/api/support/tickets"));
        Assert.Equal(1, Assert.Single(studentList.Items, t => t.Id == ticket.Id).MessageCount);
        var queue = await Read<Paged<TicketSummary>>(HttpStatusCode.OK,
            await cast.Staff.GetAsync($"/api/admin/support/tickets?search={Uri.EscapeDataString(cast.StudentEmail)}"));
        Assert.Equal(2, Assert.Single(queue.Items).MessageCount);
    }
}
