namespace ApraNova.Api.Features.Users;

/// <summary>
/// The four roles. A user has exactly one. Nobody picks their own: sign-up makes a student,
/// only admins change roles, and only a superadmin makes admins.
/// </summary>
public static class Roles
{
    public const string Student = "student";
    public const string Trainer = "trainer";
    public const string Admin = "admin";
    public const string SuperAdmin = "superadmin";

    public static readonly IReadOnlyList<string> All = [Student, Trainer, Admin, SuperAdmin];

    /// <summary>Comma list for <c>RequireRole</c>/<c>[Authorize(Roles=...)]</c>: staff who see everyone.</summary>
    public const string Staff = Admin + "," + SuperAdmin;

    /// <summary>Fixed ids of the seeded role rows, so queries can filter by role without a join on names.</summary>
    public static readonly IReadOnlyDictionary<string, Guid> Ids = new Dictionary<string, Guid>
    {
        [Student] = new("5a0e7c1e-0000-4000-8000-000000000001"),
        [Trainer] = new("5a0e7c1e-0000-4000-8000-000000000002"),
        [Admin] = new("5a0e7c1e-0000-4000-8000-000000000003"),
        [SuperAdmin] = new("5a0e7c1e-0000-4000-8000-000000000004"),
    };

    public static bool IsValid(string? role) => role is not null && Ids.ContainsKey(role);

    /// <summary>Admin and superadmin: roles that only a superadmin may give or take away.</summary>
    public static bool IsStaffRole(string role) => role is Admin or SuperAdmin;
}
