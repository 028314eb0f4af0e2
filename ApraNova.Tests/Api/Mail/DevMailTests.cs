using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Mail;
using ApraNova.Api.Features.Users;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Mail;

/// <summary>In development (<c>Mail:DevOutbox=true</c>) <c>/api/dev/mail</c> shows what the api sent; elsewhere it does not exist.</summary>
[Collection(ApiCollection.Name)]
public sealed class DevMailTests(ApiFactory api)
{
    [Fact]
    public async Task The_dev_mail_list_shows_the_emails_sent_to_an_address_newest_first()
    {
        var (_, email) = await api.CreateUserAsync(Roles.Student);
        var client = api.CreateApiClient();
        await Expect(HttpStatusCode.Accepted, await client.PostAsJsonAsync("/api/auth/password/forgot", new { email }));
        await Expect(HttpStatusCode.Accepted, await client.PostAsJsonAsync("/api/auth/password/forgot", new { email }));

        var emails = await Read<List<OutboxEmailDto>>(HttpStatusCode.OK, await client.GetAsync($"/api/dev/mail?to={Uri.EscapeDataString(email.ToUpperInvariant())}"));

        Assert.Equal(2, emails.Count);
        Assert.All(emails, message => Assert.Equal((email, "Reset your ApraNova password"), (message.To, message.Subject)));
        Assert.True(emails[0].CreatedAt >= emails[1].CreatedAt);
        Assert.Contains("/reset-password?", emails[0].TextBody);
    }
}
