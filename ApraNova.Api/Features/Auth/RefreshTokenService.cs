using System.Security.Cryptography;
using System.Text;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Auth;

/// <summary>
/// Issues, rotates and revokes refresh tokens. The client holds 256 random bits; the database
/// holds only their SHA-256, so a database leak does not hand out sessions.
/// </summary>
public sealed class RefreshTokenService(
    ApraNovaDbContext db, IOptions<JwtOptions> jwtOptions, TimeProvider clock, IAuditLog audit,
    AccessTokenRevocation accessTokens, ILogger<RefreshTokenService> logger)
{
    public abstract record RotationResult
    {
        public sealed record Rotated(Guid UserId, string Token, DateTimeOffset ExpiresAt) : RotationResult;
        /// <summary>Unknown, expired or revoked token.</summary>
        public sealed record Invalid : RotationResult;
        /// <summary>An already-rotated token came back: its family is now revoked.</summary>
        public sealed record Reused : RotationResult;
    }

    /// <summary>Adds a new token (of a new family unless given) to the DbContext; the caller saves.</summary>
    public (string Token, RefreshToken Entity) Add(Guid userId, Guid? familyId = null)
    {
        var (token, entity) = Create(userId, familyId ?? Guid.CreateVersion7());
        db.RefreshTokens.Add(entity);
        return (token, entity);
    }

    /// <summary>
    /// Exchanges <paramref name="presented"/> for its successor. The old token is consumed with a
    /// conditional UPDATE (<c>WHERE revoked_at IS NULL</c>): of two requests racing with the
    /// same token exactly one wins, and the loser is treated as reuse.
    /// </summary>
    public async Task<RotationResult> RotateAsync(string presented, CancellationToken cancellationToken)
    {
        var hash = Hash(presented);
        var current = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(token => token.TokenHash == hash, cancellationToken);
        if (current is null)
        {
            return new RotationResult.Invalid();
        }
        var now = clock.GetUtcNow();
        if (current.RevokedAt is not null)
        {
            if (current.RevokedReason == RefreshTokenRevocation.Rotated)
            {
                await RevokeReusedFamilyAsync(current, cancellationToken);
                return new RotationResult.Reused();
            }
            return new RotationResult.Invalid();
        }
        if (current.ExpiresAt <= now)
        {
            return new RotationResult.Invalid();
        }

        var (token, successor) = Create(current.UserId, current.FamilyId);
        var claimed = await db.RefreshTokens
            .Where(token => token.Id == current.Id && token.RevokedAt == null)
            .ExecuteUpdateAsync(setters => setters
                .SetProperty(token => token.RevokedAt, now)
                .SetProperty(token => token.RevokedReason, RefreshTokenRevocation.Rotated)
                .SetProperty(token => token.ReplacedById, successor.Id), cancellationToken);
        if (claimed == 0)
        {
            await RevokeReusedFamilyAsync(current, cancellationToken);
            return new RotationResult.Reused();
        }
        db.RefreshTokens.Add(successor);
        await db.SaveChangesAsync(cancellationToken);
        return new RotationResult.Rotated(current.UserId, token, successor.ExpiresAt);
    }

    /// <summary>The family of a presented token that is still live, if any (to keep "this session").</summary>
    public async Task<Guid?> FindLiveFamilyAsync(string? presented, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }
        var hash = Hash(presented);
        return await db.RefreshTokens
            .Where(token => token.TokenHash == hash && token.RevokedAt == null)
            .Select(token => (Guid?)token.FamilyId)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public Task<int> RevokeFamilyAsync(Guid familyId, RefreshTokenRevocation reason, CancellationToken cancellationToken) =>
        Revoke(db.RefreshTokens.Where(token => token.FamilyId == familyId), reason, cancellationToken);

    /// <summary>Ends every session of a user, except the family given (the caller's own).</summary>
    public Task<int> RevokeAllAsync(Guid userId, RefreshTokenRevocation reason, Guid? exceptFamilyId, CancellationToken cancellationToken) =>
        Revoke(db.RefreshTokens.Where(token => token.UserId == userId && token.FamilyId != exceptFamilyId), reason, cancellationToken);

    private Task<int> Revoke(IQueryable<RefreshToken> tokens, RefreshTokenRevocation reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return tokens.Where(token => token.RevokedAt == null).ExecuteUpdateAsync(setters => setters
            .SetProperty(token => token.RevokedAt, now)
            .SetProperty(token => token.RevokedReason, reason), cancellationToken);
    }

    private async Task RevokeReusedFamilyAsync(RefreshToken reused, CancellationToken cancellationToken)
    {
        var revoked = await RevokeFamilyAsync(reused.FamilyId, RefreshTokenRevocation.ReuseDetected, cancellationToken);
        // Whoever replayed the token may also hold access tokens minted from that family.
        await accessTokens.RevokeIssuedBeforeNowAsync(reused.UserId);
        logger.LogWarning("Refresh token reuse for user {UserId}: family {FamilyId} revoked ({Count} live token(s))",
            reused.UserId, reused.FamilyId, revoked);
        audit.Record(null, "auth.refresh_token_reused", "user", reused.UserId.ToString(),
            null, new { familyId = reused.FamilyId, revokedTokens = revoked });
        await db.SaveChangesAsync(cancellationToken);
    }

    private (string Token, RefreshToken Entity) Create(Guid userId, Guid familyId)
    {
        var token = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        return (token, new RefreshToken
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            FamilyId = familyId,
            TokenHash = Hash(token),
            CreatedAt = now,
            ExpiresAt = now.Add(jwtOptions.Value.RefreshTokenLifetime),
        });
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
