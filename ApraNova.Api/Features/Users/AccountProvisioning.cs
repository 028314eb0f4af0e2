using ApraNova.Api.Data;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

using IdentityUserStore = Microsoft.AspNetCore.Identity.EntityFrameworkCore.UserStore<ApraNova.Api.Features.Users.ApplicationUser,
    Microsoft.AspNetCore.Identity.IdentityRole<System.Guid>, ApraNova.Api.Data.ApraNovaDbContext, System.Guid,
    Microsoft.AspNetCore.Identity.IdentityUserClaim<System.Guid>, Microsoft.AspNetCore.Identity.IdentityUserRole<System.Guid>,
    Microsoft.AspNetCore.Identity.IdentityUserLogin<System.Guid>, Microsoft.AspNetCore.Identity.IdentityUserToken<System.Guid>,
    Microsoft.AspNetCore.Identity.IdentityRoleClaim<System.Guid>, Microsoft.AspNetCore.Identity.IdentityUserPasskey<System.Guid>>;

namespace ApraNova.Api.Features.Users;

/// <summary>
/// Creates accounts (sign-up, checkout, staff) with exactly one role, in one SaveChanges
/// together with their role row and audit entry, and issues password-setup links.
/// </summary>
public sealed class AccountProvisioning(
    ApraNovaDbContext db, UserManager<ApplicationUser> users, IUserStore<ApplicationUser> userStore, IAuditLog audit,
    Microsoft.Extensions.Options.IOptions<AppOptions> appOptions)
{
    public sealed record CreateResult(ApplicationUser? User, IdentityResult Result)
    {
        public bool Succeeded => User is not null;
        public bool IsDuplicate => Result.Errors.Any(error => error.Code is "DuplicateEmail" or "DuplicateUserName");
    }

    /// <summary>
    /// Creates a user with <paramref name="role"/>. Without a password the account can only be
    /// entered through a password-setup link (<see cref="CreatePasswordSetupLinkAsync"/>).
    /// </summary>
    public Task<CreateResult> CreateAsync(
        string email, string fullName, string? password, string role, Guid? actorId, CancellationToken cancellationToken) =>
        CreateAsync(email, fullName, password, passwordHash: null, role, actorId, cancellationToken);

    /// <summary>
    /// Creates the student of a confirmed sign-up: the password was hashed when they signed up
    /// (the confirmation link carried only the hash), and following the link proved the address.
    /// </summary>
    public Task<CreateResult> CreateConfirmedStudentAsync(string email, string fullName, string passwordHash, CancellationToken cancellationToken) =>
        CreateAsync(email, fullName, password: null, passwordHash, Roles.Student, actorId: null, cancellationToken);

    private async Task<CreateResult> CreateAsync(
        string email, string fullName, string? password, string? passwordHash, string role, Guid? actorId, CancellationToken cancellationToken)
    {
        if (!Roles.IsValid(role))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role.");
        }
        email = email.Trim();
        var user = new ApplicationUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            FullName = fullName.Trim(),
            PasswordHash = passwordHash,
            EmailConfirmed = passwordHash is not null,
        };
        // The role row and the audit entry ride on the SaveChanges that UserManager.CreateAsync
        // performs, so an account never exists without its role.
        var roleLink = new IdentityUserRole<Guid> { UserId = user.Id, RoleId = Roles.Ids[role] };
        db.UserRoles.Add(roleLink);
        audit.Record(actorId ?? user.Id, "user.created", "user", user.Id.ToString(), null, new { email, role });
        try
        {
            var result = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                Discard(user, roleLink);
                return new CreateResult(null, result);
            }
            return new CreateResult(user, result);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two sign-ups (or webhooks) for one email raced past the uniqueness check; the
            // unique index on the normalized user name let exactly one in.
            Discard(user, roleLink);
            return new CreateResult(null, IdentityResult.Failed(new IdentityErrorDescriber().DuplicateEmail(email)));
        }
    }

    /// <summary>
    /// Forgets what a failed creation added, and only that: the caller may have its own pending
    /// changes in the same DbContext.
    /// </summary>
    private void Discard(ApplicationUser user, IdentityUserRole<Guid> roleLink)
    {
        db.Entry(roleLink).State = EntityState.Detached;
        db.Entry(user).State = EntityState.Detached;
        var subjectId = user.Id.ToString();
        foreach (var entry in db.ChangeTracker.Entries<AuditEntry>().Where(entry => entry.Entity.SubjectId == subjectId).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }

    /// <summary>
    /// The account for an email that paid at checkout: the existing one, or a new student
    /// without a password (they set it through the welcome email's link).
    /// </summary>
    public async Task<(ApplicationUser User, bool Created)> FindOrCreateStudentAsync(
        string email, string? fullName, CancellationToken cancellationToken)
    {
        // Created first: Identity's validator already looks the email up, so asking first cost
        // one more round trip for every new buyer (most buyers at checkout are new; a signed-in
        // buyer's payment names its account and never gets here). Inside the caller's transaction
        // (a paid webhook) the account is written by the caller's next save, one round trip less;
        // a twin created meanwhile for the same email then fails that save on the unique index,
        // and the caller's fresh attempt finds it here. (userStore is the UserManager's own: both
        // are scoped. The store AddEntityFrameworkStores registers; CheckoutAccountTests fails if it is not.)
        var deferringStore = db.Database.CurrentTransaction is not null
            ? userStore as IdentityUserStore
            : null;
        if (deferringStore is not null)
            deferringStore.AutoSaveChanges = false;
        CreateResult created;
        try
        {
            created = await CreateAsync(email, fullName ?? "", password: null, Roles.Student, actorId: null, cancellationToken);
        }
        finally
        {
            if (deferringStore is not null)
                deferringStore.AutoSaveChanges = true;
        }
        if (created.User is { } user)
        {
            return (user, true);
        }
        if (created.IsDuplicate && await users.FindByEmailAsync(email.Trim()) is { } existing)
        {
            return (existing, false);
        }
        throw new InvalidOperationException(
            $"Could not create an account for a paying customer: {string.Join("; ", created.Result.Errors.Select(error => error.Description))}");
    }

    /// <summary>
    /// <c>{App:PublicUrl}/reset-password?email=..&amp;token=..</c> carrying a password-reset
    /// token: the web's reset page sets the password with it (POST /api/auth/password/reset).
    /// </summary>
    public async Task<string> CreatePasswordSetupLinkAsync(ApplicationUser user)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var baseUrl = appOptions.Value.PublicUrl.TrimEnd('/');
        return $"{baseUrl}/reset-password?email={Uri.EscapeDataString(user.Email ?? "")}&token={Uri.EscapeDataString(token)}";
    }
}
