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
        // Two emails to one address: the welcome of an account staff created, then a reset link
        // (reset emails to one address are limited to one per cooldown, so not two of those).
        var email = ApiFactory.NewEmail();
        var admin = await api.CreateClientAsAsync(Roles.Admin);
        await Expect(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/admin/users", new { email, fullName = "Mailed", role = Roles.Trainer }));
        var client = api.CreateApiClient();
        await Expect(HttpStatusCode.Accepted, await client.PostAsJsonAsync("/api/auth/password/forgot", new { email }));

        var emails = await Read<List<OutboxEmailDto>>(HttpStatusCode.OK, await client.GetAsync($"/api/dev/mail?to={Uri.EscapeDataString(email.ToUpperInvariant())}"));

        Assert.Equal(["Reset your ApraNova password", "Your ApraNova account"], emails.Select(message => message.Subject));
        Assert.All(emails, message => Assert.Equal(email, message.To));
        Assert.True(emails[0].CreatedAt >= emails[1].CreatedAt);
        Assert.Contains("/reset-password?", emails[0].TextBody);
    }
}
