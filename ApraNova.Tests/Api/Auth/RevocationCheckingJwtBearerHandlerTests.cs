using System.Text.Encodings.Web;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApraNova.Tests.Api.Auth;

/// <summary>
/// The bearer scheme's short path for a token already validated gives what the full
/// <see cref="JwtBearerHandler"/> gives, and still refuses a revoked token.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RevocationCheckingJwtBearerHandlerTests(ApiFactory api)
{
    [Fact]
    public async Task The_api_runs_its_bearer_scheme_with_the_revocation_checking_handler()
    {
        var scheme = await api.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(JwtBearerDefaults.AuthenticationScheme);
        Assert.Equal(typeof(RevocationCheckingJwtBearerHandler), scheme?.HandlerType);
    }

    [Fact]
    public async Task A_known_token_gets_the_ticket_the_full_bearer_handler_gives()
    {
        var (userId, token) = IssueToken();

        // The framework's handler first: the token is validated in full (and cached).
        var full = await AuthenticateAsync(token, services => new JwtBearerHandler(
            services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>(), services.GetRequiredService<ILoggerFactory>(), UrlEncoder.Default));
        var known = await AuthenticateAsync(token, services => services.GetRequiredService<RevocationCheckingJwtBearerHandler>());

        Assert.True(full.Succeeded, full.Failure?.Message);
        Assert.True(known.Succeeded, known.Failure?.Message);
        Assert.Equal(userId, known.Principal!.GetUserId());
        Assert.Equal(Claims(full), Claims(known));
        var fullIdentity = Assert.Single(full.Principal!.Identities);
        var knownIdentity = Assert.Single(known.Principal.Identities);
        Assert.NotSame(fullIdentity, knownIdentity);
        Assert.Equal(fullIdentity.AuthenticationType, knownIdentity.AuthenticationType);
        Assert.Equal(fullIdentity.NameClaimType, knownIdentity.NameClaimType);
        Assert.Equal(fullIdentity.RoleClaimType, knownIdentity.RoleClaimType);
        Assert.True(known.Principal.IsInRole(Roles.Student));
        Assert.Equal(full.Ticket!.AuthenticationScheme, known.Ticket!.AuthenticationScheme);
        Assert.NotNull(known.Properties!.ExpiresUtc);
        Assert.Equal(full.Properties!.Items.OrderBy(i => i.Key), known.Properties.Items.OrderBy(i => i.Key));
    }

    [Fact]
    public async Task A_known_token_is_refused_once_its_user_revokes_earlier_tokens()
    {
        var (userId, token) = IssueToken();
        var handler = (IServiceProvider services) => services.GetRequiredService<RevocationCheckingJwtBearerHandler>();
        Assert.True((await AuthenticateAsync(token, handler)).Succeeded);
        Assert.True((await AuthenticateAsync(token, handler)).Succeeded);

        // Milliseconds: a revocation in the very millisecond the token was issued would not concern it.
        await Task.Delay(5);
        await api.Services.GetRequiredService<AccessTokenRevocation>().RevokeIssuedBeforeNowAsync(userId);

        var refused = await AuthenticateAsync(token, handler);
        Assert.False(refused.Succeeded);
        Assert.Equal(RevocationCheckingJwtBearerHandler.RevokedMessage, refused.Failure?.Message);
    }

    private (Guid UserId, string Token) IssueToken()
    {
        var user = new ApplicationUser { Id = Guid.NewGuid(), Email = "known-token@example.test", FullName = "Known Token" };
        return (user.Id, api.Services.GetRequiredService<AccessTokenIssuer>().Issue(user, Roles.Student).Token);
    }

    private async Task<AuthenticateResult> AuthenticateAsync(string token, Func<IServiceProvider, IAuthenticationHandler> createHandler)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = $"Bearer {token}";
        var scheme = await scope.ServiceProvider.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(JwtBearerDefaults.AuthenticationScheme);
        var handler = createHandler(scope.ServiceProvider);
        await handler.InitializeAsync(scheme!, context);
        return await handler.AuthenticateAsync();
    }

    private static List<(string Type, string Value, string Issuer)> Claims(AuthenticateResult result) =>
        result.Principal!.Claims.Select(c => (c.Type, c.Value, c.Issuer)).ToList();
}
