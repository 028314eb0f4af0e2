using System.Security.Claims;
using ApraNova.Api.Features.Users;

namespace ApraNova.Api.Infrastructure.Security;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The user id of an authenticated caller (the access token's <c>sub</c>).</summary>
    public static Guid GetUserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue("sub") ?? principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("The caller is not authenticated.");

    public static bool IsStaff(this ClaimsPrincipal principal) =>
        principal.IsInRole(Roles.Admin) || principal.IsInRole(Roles.SuperAdmin);
}
