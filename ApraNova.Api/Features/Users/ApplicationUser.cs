using Microsoft.AspNetCore.Identity;

namespace ApraNova.Api.Features.Users;

/// <summary>A person with an account: student, trainer or staff (see <see cref="Roles"/>).</summary>
public sealed class ApplicationUser : IdentityUser<Guid>
{
    /// <summary>The column's length (requests are validated against it; names from Stripe are cut to it).</summary>
    public const int MaxFullNameLength = 200;

    public string FullName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
