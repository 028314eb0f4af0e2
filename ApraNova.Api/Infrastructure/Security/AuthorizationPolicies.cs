using ApraNova.Api.Features.Users;

namespace ApraNova.Api.Infrastructure.Security;

/// <summary>
/// Named policies for endpoint groups (<c>group.RequireAuthorization(AuthorizationPolicies.Staff)</c>).
/// Object-level checks (is this the caller's own submission?) stay in the handlers.
/// </summary>
public static class AuthorizationPolicies
{
    /// <summary>Admins and superadmins.</summary>
    public const string Staff = "staff";
    /// <summary>Trainers and staff (review work).</summary>
    public const string TrainerOrStaff = "trainer-or-staff";
    /// <summary>Only superadmins (create admins).</summary>
    public const string SuperAdmin = "superadmin";
    public const string Student = "student";

    public static void AddApraNovaPolicies(this Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        options.AddPolicy(Staff, policy => policy.RequireRole(Roles.Admin, Roles.SuperAdmin));
        options.AddPolicy(TrainerOrStaff, policy => policy.RequireRole(Roles.Trainer, Roles.Admin, Roles.SuperAdmin));
        options.AddPolicy(SuperAdmin, policy => policy.RequireRole(Roles.SuperAdmin));
        options.AddPolicy(Student, policy => policy.RequireRole(Roles.Student));
    }
}
