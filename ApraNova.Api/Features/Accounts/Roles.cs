namespace ApraNova.Api.Features.Accounts;

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
}
