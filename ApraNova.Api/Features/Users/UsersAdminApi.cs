using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Accounts;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Mail;
using ApraNova.Api.Infrastructure.Auth;
using ApraNova.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Users;

/// <summary>
/// Staff management of accounts under <c>/api/admin/users</c>. The rules the original app
/// broke: nobody changes their own role, only staff change roles, only a superadmin gives or
/// takes away admin/superadmin, and every change is audited in the same transaction.
/// </summary>
public static class UsersAdminApi
{
    public static IEndpointRouteBuilder MapUsersAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/users")
            .WithTags("Users")
            .RequireAuthorization(AuthorizationPolicies.Staff);

        group.MapGet("/", ListUsers)
            .WithName("ListUsers")
            .WithSummary("Users, newest first; search by email or name, filter by role, paged.");
        group.MapGet("/{id:guid}", GetUser)
            .WithName("GetUser")
            .WithSummary("One user.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateUser)
            .WithName("CreateUser")
            .WithSummary("Create an account (e.g. a trainer) and email it a link to set its password. Admin accounts need a superadmin.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{id:guid}/role", ChangeRole)
            .WithName("ChangeUserRole")
            .WithSummary("Change a user's role (audited). Not your own; admin and superadmin roles only by a superadmin.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public sealed record AdminUserDto(Guid Id, string Email, string FullName, string Role, DateTimeOffset CreatedAt, DateTimeOffset? LockedOutUntil);

    public sealed record UserPage(IReadOnlyList<AdminUserDto> Items, int Page, int PageSize, int Total);

    public sealed record ChangeRoleRequest([Required] string Role);

    public sealed record CreateUserRequest(
        [Required, EmailAddress, MaxLength(256)] string Email,
        [Required, StringLength(200, MinimumLength = 1)] string FullName,
        [Required] string Role);

    private static async Task<Results<Ok<UserPage>, ValidationProblem>> ListUsers(
        ApraNovaDbContext db, TimeProvider clock, CancellationToken cancellationToken,
        string? search = null, string? role = null, int page = 1, int pageSize = 25)
    {
        (page, pageSize) = Paging.Normalize(page, pageSize);
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(role))
        {
            if (!Roles.IsValid(role))
            {
                return UnknownRole("role");
            }
            var roleId = Roles.Ids[role];
            query = query.Where(user => db.UserRoles.Any(link => link.UserId == user.Id && link.RoleId == roleId));
        }
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = $"%{EscapeLike(search.Trim())}%";
            query = query.Where(user => EF.Functions.ILike(user.Email!, pattern, @"\") || EF.Functions.ILike(user.FullName, pattern, @"\"));
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderByDescending(user => user.CreatedAt).ThenBy(user => user.Email)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(user => new
            {
                user.Id, user.Email, user.FullName, user.CreatedAt, user.LockoutEnd,
                RoleId = db.UserRoles.Where(link => link.UserId == user.Id).Select(link => (Guid?)link.RoleId).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var items = rows.Select(row => new AdminUserDto(
            row.Id, row.Email ?? "", row.FullName, row.RoleId is { } id ? UserRoleQueries.RoleName(id) : Roles.Student,
            row.CreatedAt, row.LockoutEnd > now ? row.LockoutEnd : null)).ToList();
        return TypedResults.Ok(new UserPage(items, page, pageSize, total));
    }

    private static async Task<Results<Ok<AdminUserDto>, ProblemHttpResult>> GetUser(
        Guid id, ApraNovaDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(user => user.Id == id, cancellationToken);
        if (user is null)
        {
            return UserNotFound();
        }
        var role = await db.GetRoleAsync(id, cancellationToken) ?? Roles.Student;
        return TypedResults.Ok(ToDto(user, role, clock));
    }

    private static async Task<Results<Created<AdminUserDto>, ValidationProblem, ProblemHttpResult>> CreateUser(
        CreateUserRequest request, ClaimsPrincipal principal, ApraNovaDbContext db, AccountProvisioning accounts,
        IEmailSender email, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Roles.IsValid(request.Role))
        {
            return UnknownRole("role");
        }
        var actorId = principal.GetUserId();
        if (await MayGrantAsync(db, actorId, request.Role, currentRole: null, cancellationToken) is { } refused)
        {
            return refused;
        }
        var created = await accounts.CreateAsync(request.Email, request.FullName, password: null, request.Role, actorId, cancellationToken);
        if (created.User is not { } user)
        {
            return created.IsDuplicate
                ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Email already registered",
                    detail: "An account with this email exists; change its role instead.")
                : TypedResults.ValidationProblem(IdentityErrors.ToFieldErrors(created.Result, passwordField: "$"));
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
            """), cancellationToken);
        return TypedResults.Created($"/api/admin/users/{user.Id}", ToDto(user, request.Role, clock));
    }

    private static async Task<Results<Ok<AdminUserDto>, ValidationProblem, ProblemHttpResult>> ChangeRole(
        Guid id, ChangeRoleRequest request, ClaimsPrincipal principal, ApraNovaDbContext db, IAuditLog audit,
        AccessTokenRevocation accessTokens, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!Roles.IsValid(request.Role))
        {
            return UnknownRole("role");
        }
        var actorId = principal.GetUserId();
        if (id == actorId)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Own role",
                detail: "Nobody changes their own role; ask another administrator.");
        }
        var user = await db.Users.FirstOrDefaultAsync(user => user.Id == id, cancellationToken);
        if (user is null)
        {
            return UserNotFound();
        }
        var currentRole = await db.GetRoleAsync(id, cancellationToken) ?? Roles.Student;
        if (await MayGrantAsync(db, actorId, request.Role, currentRole, cancellationToken) is { } refused)
        {
            return refused;
        }
        if (currentRole == request.Role)
        {
            return TypedResults.Ok(ToDto(user, currentRole, clock));
        }

        db.UserRoles.RemoveRange(await db.UserRoles.Where(link => link.UserId == id).ToListAsync(cancellationToken));
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = id, RoleId = Roles.Ids[request.Role] });
        // A new security stamp marks the account as changed (Identity's convention for role changes).
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        audit.Record(actorId, "user.role_changed", "user", id.ToString(), new { role = currentRole }, new { role = request.Role });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // Another change of the same user's role committed first (the role row we removed is
            // gone, or the one-role-per-user index refused a second row).
            loggers.CreateLogger(typeof(UsersAdminApi)).LogInformation(ex, "Concurrent role change of user {UserId}", id);
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Concurrent change",
                detail: "The user's role was changed at the same time by someone else; reload and try again.");
        }
        // Tokens carrying the old role stop working now; the user's next refresh gets the new one.
        await accessTokens.RevokeIssuedBeforeNowAsync(id);
        return TypedResults.Ok(ToDto(user, request.Role, clock));
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
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed",
                detail: "Only administrators manage accounts.");
        }
        var touchesStaffRole = Roles.IsStaffRole(newRole) || currentRole is not null && Roles.IsStaffRole(currentRole);
        if (touchesStaffRole && actorRole != Roles.SuperAdmin)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Superadmin required",
                detail: "Only a superadmin gives or takes away the admin and superadmin roles.");
        }
        return null;
    }

    private static AdminUserDto ToDto(ApplicationUser user, string role, TimeProvider clock) =>
        new(user.Id, user.Email ?? "", user.FullName, role, user.CreatedAt, user.LockoutEnd > clock.GetUtcNow() ? user.LockoutEnd : null);

    private static ValidationProblem UnknownRole(string field) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { [field] = [$"Role must be one of: {string.Join(", ", Roles.All)}."] });

    private static ProblemHttpResult UserNotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "User not found");

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
