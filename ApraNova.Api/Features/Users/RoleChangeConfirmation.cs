namespace ApraNova.Api.Features.Users;

/// <summary>
/// Giving someone the admin or superadmin role is never one click: the request must carry the
/// user's email address, typed by the person granting it (<c>confirm</c>). A select that applies
/// at once could otherwise make a student superadmin by a slip of the finger. Student and trainer
/// changes need no confirmation (the web still asks before applying them).
/// </summary>
public static class RoleChangeConfirmation
{
    public const string Field = "confirm";

    public static bool IsRequired(string newRole, string currentRole) => Roles.IsStaffRole(newRole) && newRole != currentRole;

    /// <summary>Null when the change may go ahead; otherwise the validation message for <see cref="Field"/>.</summary>
    public static string? Check(ApplicationUser user, string newRole, string currentRole, string? confirm)
    {
        if (!IsRequired(newRole, currentRole))
            return null;
        return string.Equals(confirm?.Trim(), user.Email, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"Giving the {newRole} role needs confirmation: type the user's email address ({user.Email}).";
    }
}
