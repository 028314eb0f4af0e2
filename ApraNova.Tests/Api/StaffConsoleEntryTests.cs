using System.Net;

namespace ApraNova.Tests.Api;

/// <summary>
/// The load balancer sends <c>/admin/*</c> to the api: there the api sends people on to the staff
/// console of the web (<c>{App:PublicUrl}/staff</c>), never a dead 404.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StaffConsoleEntryTests(ApiFactory api)
{
    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/")]
    [InlineData("/admin/users/42?tab=roles")]
    public async Task Admin_paths_redirect_to_the_staff_console_of_the_web(string path)
    {
        var response = await api.CreateApiClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("http://localhost:3000/staff", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task The_redirect_follows_the_configured_public_url_and_answers_head_too()
    {
        await using var behindTheAlb = new ApiFactory();
        behindTheAlb.Settings["App:PublicUrl"] = "https://learn.apranova.test/";
        await ((IAsyncLifetime)behindTheAlb).InitializeAsync();
        try
        {
            using var head = new HttpRequestMessage(HttpMethod.Head, "/admin/payments");
            var response = await behindTheAlb.CreateApiClient().SendAsync(head);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("https://learn.apranova.test/staff", response.Headers.Location?.ToString());
        }
        finally
        {
            await ((IAsyncLifetime)behindTheAlb).DisposeAsync();
        }
    }
}
