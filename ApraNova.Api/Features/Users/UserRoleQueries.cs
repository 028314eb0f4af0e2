using ApraNova.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Users;

/// <summary>Role look-ups straight on the database (one user has exactly one role row).</summary>
public static class UserRoleQueries
{
    /// <summary>Users holding <paramref name="role"/>, e.g. <c>db.UsersInRole(Roles.Trainer)</c>.</summary>
    public static IQueryable<ApplicationUser> UsersInRole(this ApraNovaDbContext db, string role)
    {
        var roleId = Roles.Ids[role];
        return db.Users.Where(user => db.UserRoles.Any(link => link.UserId == user.Id && link.RoleId == roleId));
    }

    public static Task<bool> HasRoleAsync(this ApraNovaDbContext db, Guid userId, string role, CancellationToken cancellationToken) =>
        db.UsersInRole(role).AnyAsync(user => user.Id == userId, cancellationToken);

    /// <summary>The role of a user, or null when the user does not exist.</summary>
    public static async Task<string?> GetRoleAsync(this ApraNovaDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var roleId = await db.UserRoles.Where(link => link.UserId == userId).Select(link => (Guid?)link.RoleId).FirstOrDefaultAsync(cancellationToken);
        return roleId is { } id ? RoleName(id) : null;
    }

    public static string RoleName(Guid roleId) =>
        Roles.Ids.First(pair => pair.Value == roleId).Key;
}
