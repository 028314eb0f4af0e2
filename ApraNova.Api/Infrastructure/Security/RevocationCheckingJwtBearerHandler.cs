using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Infrastructure.Security;

/// <summary>
/// The api's bearer scheme: <see cref="JwtBearerHandler"/>, with a short path for an access token
/// this task has validated before (<see cref="CachingJsonWebTokenHandler"/>). A browser sends the
/// same token for its whole lifetime, and the full path still costs every request a copy of the
/// validation parameters, two event contexts and reading the token's claims again for the
/// revocation check (bench/profile-dashboard.sh).
/// <para>
/// The short path gives the ticket the full path gives (same claims in a new identity, same
/// issued and expiry properties) and applies the same revocation check
/// (<see cref="AccessTokenRevocation"/>, against the <see cref="AccessTokenSubject"/> read when
/// the token was cached). Anything it does not know, or any configuration it does not stand for
/// (other token handlers, an OpenID configuration manager, saving the token), takes the full
/// path, whose <c>OnTokenValidated</c> event makes the same revocation check
/// (<see cref="AuthenticationSetup"/>).
/// </para>
/// </summary>
public sealed class RevocationCheckingJwtBearerHandler(IOptionsMonitor<JwtBearerOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    CachingJsonWebTokenHandler tokens, AccessTokenRevocation revocation)
    : JwtBearerHandler(options, new JwtBearerLoggerFactory(logger), encoder)
{
    public const string RevokedMessage = "The access token was revoked.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TryFindValidated(out var known))
            return await base.HandleAuthenticateAsync();

        if (known.Subject is { } subject && await revocation.IsRevokedAsync(subject.UserId, subject.IssuedAtUnixMilliseconds))
            return AuthenticateResult.Fail(RevokedMessage);

        var token = known.Token;
        var properties = new AuthenticationProperties
        {
            ExpiresUtc = SafeInstant(token.ValidTo),
            IssuedUtc = SafeInstant(token.ValidFrom),
        };
        return AuthenticateResult.Success(new AuthenticationTicket(new System.Security.Claims.ClaimsPrincipal(known.CopyIdentity()), properties, Scheme.Name));
    }

    private bool TryFindValidated([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CachingJsonWebTokenHandler.Validated? known)
    {
        known = null;
        if (Options.ConfigurationManager is not null || Options.SaveToken
            || Options.TokenHandlers.Count != 1 || !ReferenceEquals(Options.TokenHandlers[0], tokens))
            return false;
        // As JwtBearerHandler reads it: "Bearer <token>", the scheme in any case, the token trimmed.
        string? authorization = Request.Headers.Authorization;
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return false;
        var token = authorization["Bearer ".Length..].Trim();
        return token.Length > 0 && tokens.TryGetValidated(token, Options.TokenValidationParameters, out known);
    }

    // As JwtBearerHandler sets the ticket's properties: an absent instant (MinValue) is left out.
    private static DateTimeOffset? SafeInstant(DateTime instant) =>
        instant == DateTime.MinValue ? null : new DateTimeOffset(DateTime.SpecifyKind(instant, DateTimeKind.Utc));

    /// <summary>
    /// Logs under JwtBearerHandler's category, as before this subclass: the "Microsoft.AspNetCore"
    /// level (Warning in appsettings.json) still applies to the scheme's per-token messages.
    /// </summary>
    private sealed class JwtBearerLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => inner.CreateLogger(typeof(JwtBearerHandler).FullName!);

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose()
        {
            // The host owns the inner factory.
        }
    }
}
