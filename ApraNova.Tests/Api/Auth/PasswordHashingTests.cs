using System.Buffers.Binary;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ApraNova.Tests.Api.Auth;

/// <summary>
/// The production password hash, as the api wires it (the api tests themselves hash cheaply, see
/// <see cref="ApiFactory"/>): ASP.NET Identity's V3 format, PBKDF2-HMAC-SHA512, at least OWASP's
/// 2023 minimum of 210,000 iterations.
/// </summary>
public sealed class PasswordHashingTests
{
    private const int OwaspMinimumForSha512 = 210_000;

    [Fact]
    public void Passwords_are_hashed_with_PBKDF2_SHA512_at_the_OWASP_minimum_or_more()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddApraNovaAuthentication();
        using var provider = services.BuildServiceProvider();
        Assert.True(provider.GetRequiredService<IOptions<PasswordHasherOptions>>().Value.IterationCount >= OwaspMinimumForSha512);

        var hasher = provider.GetRequiredService<IPasswordHasher<ApplicationUser>>();
        var hash = Convert.FromBase64String(hasher.HashPassword(new ApplicationUser(), "a long passphrase"));
        // V3 layout: format marker 0x01, PRF (2 = HMAC-SHA512), iteration count, salt length, salt, subkey.
        Assert.Equal(0x01, hash[0]);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(1)));
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5)) >= OwaspMinimumForSha512);
        Assert.Equal(PasswordVerificationResult.Success,
            hasher.VerifyHashedPassword(new ApplicationUser(), Convert.ToBase64String(hash), "a long passphrase"));
    }
}
