using System.Security.Claims;
using System.Text;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ApraNova.Tests.Api.Auth;

/// <summary>The validated-token cache answers only for exactly a token that passed, with the same key, within its lifetime.</summary>
public sealed class CachingJsonWebTokenHandlerTests
{
    private static readonly SymmetricSecurityKey Key = new(Encoding.UTF8.GetBytes("test-signing-key-0123456789abcdef0123456789"));
    private static readonly SymmetricSecurityKey OtherKey = new(Encoding.UTF8.GetBytes("another-signing-key-0123456789abcdef012345"));

    private static TokenValidationParameters Parameters(SecurityKey key) => new()
    {
        ValidIssuer = "apranova",
        ValidAudience = "apranova",
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
    };

    private static string Token(SecurityKey key, DateTime expires, string subject = "user-1") => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "apranova",
        Audience = "apranova",
        Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("role", "student")]),
        NotBefore = expires.AddMinutes(-20),
        IssuedAt = expires.AddMinutes(-20),
        Expires = expires,
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
    });

    [Fact]
    public async Task A_token_validated_again_gives_the_same_claims_in_a_new_identity()
    {
        var handler = new CachingJsonWebTokenHandler { MapInboundClaims = false };
        var token = Token(Key, DateTime.UtcNow.AddMinutes(10));

        var first = await handler.ValidateTokenAsync(token, Parameters(Key));
        var second = await handler.ValidateTokenAsync(token, Parameters(Key));

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal("user-1", second.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.Equal(first.ClaimsIdentity.Claims.Select(c => (c.Type, c.Value)), second.ClaimsIdentity.Claims.Select(c => (c.Type, c.Value)));
        Assert.Equal(first.SecurityToken.ValidTo, second.SecurityToken.ValidTo);
    }

    [Fact]
    public async Task Forged_tampered_and_expired_tokens_are_refused_also_after_a_valid_one_was_cached()
    {
        var handler = new CachingJsonWebTokenHandler { MapInboundClaims = false };
        var valid = Token(Key, DateTime.UtcNow.AddMinutes(10));
        Assert.True((await handler.ValidateTokenAsync(valid, Parameters(Key))).IsValid);

        var forged = Token(OtherKey, DateTime.UtcNow.AddMinutes(10));
        Assert.False((await handler.ValidateTokenAsync(forged, Parameters(Key))).IsValid);

        // Another subject with the valid token's signature.
        var parts = valid.Split('.');
        var otherPayload = Token(Key, DateTime.UtcNow.AddMinutes(10), subject: "user-2").Split('.')[1];
        Assert.False((await handler.ValidateTokenAsync($"{parts[0]}.{otherPayload}.{parts[2]}", Parameters(Key))).IsValid);

        var expired = Token(Key, DateTime.UtcNow.AddMinutes(-5));
        Assert.False((await handler.ValidateTokenAsync(expired, Parameters(Key))).IsValid);
        Assert.False((await handler.ValidateTokenAsync(expired, Parameters(Key))).IsValid);
    }

    [Fact]
    public async Task A_cached_token_is_checked_again_when_the_signing_key_changes()
    {
        var handler = new CachingJsonWebTokenHandler { MapInboundClaims = false };
        var token = Token(Key, DateTime.UtcNow.AddMinutes(10));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(Key))).IsValid);

        Assert.False((await handler.ValidateTokenAsync(token, Parameters(OtherKey))).IsValid);
        // The same key material in a new key object is a new configuration: validated in full, and valid.
        var sameMaterial = new SymmetricSecurityKey(Key.Key);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(sameMaterial))).IsValid);
    }
}
