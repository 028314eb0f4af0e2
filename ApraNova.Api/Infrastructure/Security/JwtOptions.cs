using System.ComponentModel.DataAnnotations;

namespace ApraNova.Api.Infrastructure.Security;

/// <summary>Bound from the <c>Jwt</c> section (<c>Jwt__SigningKey</c> is a secret parameter).</summary>
public sealed class JwtOptions
{
    public const string Section = "Jwt";

    [Required, MinLength(32)]
    public string SigningKey { get; set; } = "";
    public string Issuer { get; set; } = "apranova";
    public string Audience { get; set; } = "apranova";
    /// <summary>Short-lived on purpose: the refresh cookie renews it.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);
}
