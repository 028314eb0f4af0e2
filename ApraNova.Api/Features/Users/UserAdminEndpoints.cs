using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Mail;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Users;

public sealed record AdminUserDto(Guid Id, string Email, string FullName, string Role, DateTimeOffset CreatedAt, DateTimeOffset? LockedOutUntil);

/// <summary>The new role; <c>confirm</c> (the user's email) is required to give the admin or superadmin role (<see cref="RoleChangeConfirmation"/>).</summary>
public sealed record ChangeRoleRequest([Required, KnownRole] string Role, [MaxLength(256)] string? Confirm = null);

public sealed record CreateUserRequest(
    [Required, EmailAddress, MaxLength(256)] string Email,
    [Required, StringLength(200, MinimumLength = 1)] string FullName,
    [Required, KnownRole] string Role);

/// <summary>
/// Staff management of accounts (mapped under <c>/api/admin/users</c> by <see cref="UsersFeature"/>).
/// The rules the original app broke: nobody changes their own role, only staff change roles, only
/// a superadmin gives or takes away admin/superadmin, and every change is audited in the same transaction.
/// </summary>
internal static class UserAdminEndpoints
{
    public static RouteGroupBuilder MapUserAdminEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListUsers)
            .ProducesValidationProblem()
            .WithName("ListUsers")
            .WithSummary("Users, newest first; search by email or name, filter by role, paged.");
        group.MapGet("/{id:guid}", GetUser)
            .WithName("GetUser")
            .WithSummary("One user.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateUser)
            .WithName("CreateUser")
            .WithSummary("Create an account (e.g. a trainer) and email it a link to set its password. Admin accounts need a superadmin.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{id:guid}/role", ChangeRole)
            .WithName("ChangeUserRole")
            .WithSummary("Change a user's role (audited). Not your own; admin and superadmin roles only by a superadmin.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Ok<Paged<AdminUserDto>>> ListUsers(
        [AsParameters] PageRequest paging, ApraNovaDbContext db, TimeProvider clock, CancellationToken cancellationToken,
        string? search = null, [KnownRole] string? role = null)
    {
        var query = string.IsNullOrWhiteSpace(role) ? db.Users.AsNoTracking() : db.UsersInRole(role).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = $"%{EscapeLike(search.Trim())}%";
            query = query.Where(user => EF.Functions.ILike(user.Email!, pattern, @"\") || EF.Functions.ILike(user.FullName, pattern, @"\"));
        }

        var page = await paging.ReadAsync(query
            .OrderByDescending(user => user.CreatedAt).ThenBy(user => user.Email)
            .Select(user => new
            {
                user.Id, user.Email, user.FullName, user.CreatedAt, user.LockoutEnd,
                RoleId = db.UserRoles.Where(link => link.UserId == user.Id).Select(link => (Guid?)link.RoleId).FirstOrDefault(),
            }), cancellationToken);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(page.Select(row => new AdminUserDto(
            row.Id, row.Email ?? "", row.FullName, row.RoleId is { } id ? UserRoleQueries.RoleName(id) : Roles.Student,
            row.CreatedAt, row.LockoutEnd > now ? row.LockoutEnd : null)));
    }

    private static async Task<Results<Ok<AdminUserDto>, ProblemHttpResult>> GetUser(
        Guid id, ApraNovaDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(user => user.Id == id, cancellationToken);
        if (user is null)
        {
            return UserNotFound(id);
        }
        var role = await db.GetRoleAsync(id, cancellationToken) ?? Roles.Student;
        return TypedResults.Ok(ToDto(user, role, clock));
    }

    private static async Task<Results<Created<AdminUserDto>, ValidationProblem, ProblemHttpResult>> CreateUser(
        CreateUserRequest request, ClaimsPrincipal principal, ApraNovaDbContext db, AccountProvisioning accounts,
        IEmailSender email, TimeProvider clock, CancellationToken cancellationToken)
    {
        var actorId = principal.GetUserId();
        if (await MayGrantAsync(db, actorId, request.Role, currentRole: null, cancellationToken) is { } refused)
        {
            return refused;
        }
        var created = await accounts.CreateAsync(request.Email, request.FullName, password: null, request.Role, actorId, cancellationToken);
        if (created.User is not { } user)
        {
            return created.IsDuplicate
                ? Problems.Conflict("Email already registered", "An account with this email exists; change its role instead.")
                : Problems.Invalid(IdentityErrors.ToFieldErrors(created.Result, passwordField: "$"));
        }
        var link = await accounts.CreatePasswordSetupLinkAsync(user);
        await email.SendAsync(new EmailMessage(
            user.Email!,
            "Your ApraNova account",
            $"""
            Hello {user.FullName},

            An ApraNova account ({request.Role}) was created for you. Choose your password within 24 hours here:

            {link}

            After that, use "Forgot password" on the log-in page to get a new link.
            """) { Action = new EmailAction("Choose your password", link) }, cancellationToken);
        return TypedResults.Created($"/api/admin/users/{user.Id}", ToDto(user, request.Role, clock));
    }

    private static async Task<Results<Ok<AdminUserDto>, ValidationProblem, ProblemHttpResult>> ChangeRole(
        Guid id, ChangeRoleRequest request, ClaimsPrincipal principal, ApraNovaDbContext db, IAuditLog audit,
        EnrollmentService enrollments, AccessTokenRevocation accessTokens, TimeProvider clock, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var actorId = principal.GetUserId();
        if (id == actorId)
        {
            return Problems.Forbidden("Own role", "Nobody changes their own role; ask another administrator.");
        }
        var logger = loggers.CreateLogger(typeof(UserAdminEndpoints));

        // One transaction: the role, its audit entry and, for a trainer leaving the role, their
        // pools and open enrollments (handed back to assignment) change together or not at all.
        ProblemHttpResult? refused = null;
        string? unconfirmed = null;
        (ApplicationUser User, string Role, bool Changed)? result = null;
        var handedBack = 0;
        try
        {
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                (refused, unconfirmed, result, handedBack) = (null, null, null, 0);
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var user = await db.Users.FirstOrDefaultAsync(user => user.Id == id, cancellationToken);
                if (user is null)
                {
                    refused = UserNotFound(id);
                    return;
                }
                // The role row is locked: a concurrent change waits, then sees this one's outcome.
                var links = await db.UserRoles.FromSql($"SELECT * FROM user_roles WHERE user_id = {id} FOR UPDATE").ToListAsync(cancellationToken);
                var currentRole = links.Count > 0 ? UserRoleQueries.RoleName(links[0].RoleId) : Roles.Student;
                if (await MayGrantAsync(db, actorId, request.Role, currentRole, cancellationToken) is { } notAllowed)
                {
                    refused = notAllowed;
                    return;
                }
                if (currentRole == request.Role)
                {
                    result = (user, currentRole, false);
                    return;
                }
                unconfirmed = RoleChangeConfirmation.Check(user, request.Role, currentRole, request.Confirm);
                if (unconfirmed is not null)
                {
                    return;
                }

                db.UserRoles.RemoveRange(links);
                db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = id, RoleId = Roles.Ids[request.Role] });
                // A new security stamp marks the account as changed (Identity's convention for role changes).
                user.SecurityStamp = Guid.NewGuid().ToString("N");
                audit.Record(actorId, "user.role_changed", "user", id.ToString(), new { role = currentRole }, new { role = request.Role });
                await db.SaveChangesAsync(cancellationToken);
                if (currentRole == Roles.Trainer)
                {
                    handedBack = await enrollments.ReleaseTrainerAsync(id, actorId, cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                result = (user, request.Role, true);
            });
        }
        catch (DbUpdateException ex)
        {
            // Another change of the same user's role committed first (the one-role-per-user index refused a second row).
            logger.LogInformation(ex, "Concurrent role change of user {UserId}", id);
            return Problems.Conflict("Concurrent change", "The user's role was changed at the same time by someone else; reload and try again.");
        }
        if (refused is not null)
        {
            return refused;
        }
        if (unconfirmed is not null)
        {
            return Problems.Invalid(RoleChangeConfirmation.Field, unconfirmed);
        }
        var (target, role, changed) = result!.Value;
        if (handedBack > 0)
        {
            logger.LogInformation("User {UserId} is no longer a trainer: {Count} open enrollment(s) handed back to assignment", id, handedBack);
        }
        if (changed)
        {
            // Tokens carrying the old role stop working now; the user's next refresh gets the new one.
            await accessTokens.RevokeIssuedBeforeNowAsync(id);
        }
        return TypedResults.Ok(ToDto(target, role, clock));
    }

    /// <summary>
    /// Staff may give and take away student/trainer; admin and superadmin only a superadmin.
    /// The caller's role is read from the database, not the token: a staff member demoted a
    /// minute ago must not keep granting roles until their access token expires.
    /// </summary>
    private static async Task<ProblemHttpResult?> MayGrantAsync(
        ApraNovaDbContext db, Guid actorId, string newRole, string? currentRole, CancellationToken cancellationToken)
    {
        var actorRole = await db.GetRoleAsync(actorId, cancellationToken);
        if (actorRole is not (Roles.Admin or Roles.SuperAdmin))
        {
            return Problems.Forbidden("Not allowed", "Only administrators manage accounts.");
        }
        var touchesStaffRole = Roles.IsStaffRole(newRole) || currentRole is not null && Roles.IsStaffRole(currentRole);
        if (touchesStaffRole && actorRole != Roles.SuperAdmin)
        {
            return Problems.Forbidden("Superadmin required", "Only a superadmin gives or takes away the admin and superadmin roles.");
        }
        return null;
    }

    private static AdminUserDto ToDto(ApplicationUser user, string role, TimeProvider clock) =>
        new(user.Id, user.Email ?? "", user.FullName, role, user.CreatedAt, user.LockoutEnd > clock.GetUtcNow() ? user.LockoutEnd : null);

    private static ProblemHttpResult UserNotFound(Guid id) => Problems.NotFound($"There is no user {id}.");

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
