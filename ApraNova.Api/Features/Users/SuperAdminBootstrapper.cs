using ApraNova.Api.Data;
using ApraNova.Api.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Users;

/// <summary>
/// A fresh install has nobody who can log in to administer it: when no superadmin exists and
/// <c>Bootstrap:SuperAdminEmail</c> / <c>Bootstrap:SuperAdminPassword</c> are configured, that
/// account is created (or, if the email already has an account, promoted). Once any superadmin
/// exists this does nothing, so the setting cannot be used to take over a running install.
/// </summary>
public static class SuperAdminBootstrapper
{
    public static async Task BootstrapSuperAdminAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var email = app.Configuration["Bootstrap:SuperAdminEmail"];
        var password = app.Configuration["Bootstrap:SuperAdminPassword"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password))
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<ApraNovaDbContext>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SuperAdminBootstrapper));
        if (await db.UsersInRole(Roles.SuperAdmin).AnyAsync(cancellationToken))
        {
            return;
        }

        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            var before = await db.GetRoleAsync(existing.Id, cancellationToken);
            db.UserRoles.RemoveRange(db.UserRoles.Where(link => link.UserId == existing.Id));
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = existing.Id, RoleId = Roles.Ids[Roles.SuperAdmin] });
            services.GetRequiredService<IAuditLog>().Record(null, "user.role_changed", "user", existing.Id.ToString(),
                new { role = before }, new { role = Roles.SuperAdmin, reason = "bootstrap" });
            await db.SaveChangesAsync(cancellationToken);
            logger.LogWarning("Bootstrap: promoted existing account {Email} to superadmin", email);
            return;
        }

        var created = await services.GetRequiredService<AccountProvisioning>()
            .CreateAsync(email, "Super Admin", password, Roles.SuperAdmin, actorId: null, cancellationToken);
        if (created.User is not null)
        {
            logger.LogWarning("Bootstrap: created superadmin {Email}", email);
        }
        else if (!created.IsDuplicate) // a duplicate means another api task won the race: fine
        {
            throw new InvalidOperationException(
                $"Bootstrap superadmin could not be created: {string.Join("; ", created.Result.Errors.Select(error => error.Description))}");
        }
    }
}
