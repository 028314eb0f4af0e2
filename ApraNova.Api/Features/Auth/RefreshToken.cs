using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Auth;

/// <summary>
/// One refresh token, stored only as its SHA-256. Tokens of one log-in form a family: each
/// refresh consumes the presented token and issues its successor in the same family; presenting
/// a consumed token again means it was copied, and the whole family is revoked.
/// </summary>
public sealed class RefreshToken
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid FamilyId { get; set; }
    /// <summary>Lower-case hex SHA-256 of the token the client holds.</summary>
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public RefreshTokenRevocation? RevokedReason { get; set; }
    public Guid? ReplacedById { get; set; }
}

public enum RefreshTokenRevocation
{
    /// <summary>Exchanged for its successor; presenting it again is reuse.</summary>
    Rotated,
    LoggedOut,
    /// <summary>A rotated token of the family was presented again.</summary>
    ReuseDetected,
    PasswordChanged,
    PasswordReset,
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> builder)
    {
        builder.ToTable("refresh_tokens");
        builder.Property(token => token.TokenHash).HasMaxLength(64);
        builder.HasIndex(token => token.TokenHash).IsUnique();
        builder.HasIndex(token => token.FamilyId);
        builder.HasIndex(token => token.UserId);
        builder.Property(token => token.RevokedReason).HasConversion<string>().HasMaxLength(32);
        // Named explicitly: the generated name depends on whether Identity's default table name
        // ("AspNetUsers") or ours ("users") is in place when the relationship is discovered.
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(token => token.UserId).OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_refresh_tokens_users_user_id");
    }
}
