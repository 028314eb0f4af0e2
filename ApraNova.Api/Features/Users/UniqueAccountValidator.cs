using System.ComponentModel.DataAnnotations;
using ApraNova.Api.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Users;

/// <summary>
/// Identity's user validation (the user name's characters, a well-formed email, and neither
/// taken by another account) with both uniqueness checks in one query. Identity's own validator
/// looks the name up and then the email, two round trips for every account created; a paid
/// checkout creates its buyer's account inside the webhook's transaction, where each round trip counts.
/// The errors are Identity's own (DuplicateUserName, DuplicateEmail, InvalidUserName, InvalidEmail).
/// </summary>
public sealed class UniqueAccountValidator(ApraNovaDbContext db, IdentityErrorDescriber describer) : IUserValidator<ApplicationUser>
{
    private static readonly EmailAddressAttribute EmailFormat = new();

    public async Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        var errors = new List<IdentityError>();
        var userName = user.UserName;
        var allowed = manager.Options.User.AllowedUserNameCharacters;
        if (string.IsNullOrWhiteSpace(userName) || (!string.IsNullOrEmpty(allowed) && userName.Any(c => !allowed.Contains(c))))
            errors.Add(describer.InvalidUserName(userName));
        var email = user.Email;
        var checkEmail = manager.Options.User.RequireUniqueEmail;
        if (checkEmail && (string.IsNullOrWhiteSpace(email) || !EmailFormat.IsValid(email)))
            errors.Add(describer.InvalidEmail(email));
        if (errors.Count > 0)
            return IdentityResult.Failed([.. errors]);

        var owners = await Owners(db, user.Id, manager.NormalizeName(userName), checkEmail ? manager.NormalizeEmail(email) : null).ToListAsync();
        if (owners.Any(owner => owner.HasName))
            errors.Add(describer.DuplicateUserName(userName!));
        if (owners.Any(owner => owner.HasEmail))
            errors.Add(describer.DuplicateEmail(email!));
        return errors.Count > 0 ? IdentityResult.Failed([.. errors]) : IdentityResult.Success;
    }

    private sealed record Owner(bool HasName, bool HasEmail);

    // Compiled: account creation is on the paid-checkout webhook's path.
    private static readonly Func<ApraNovaDbContext, Guid, string?, string?, IAsyncEnumerable<Owner>> Owners =
        EF.CompileAsyncQuery((ApraNovaDbContext db, Guid id, string? normalizedName, string? normalizedEmail) =>
            db.Users.AsNoTracking()
                .Where(u => u.Id != id && (u.NormalizedUserName == normalizedName || (normalizedEmail != null && u.NormalizedEmail == normalizedEmail)))
                // At most two rows: user names and emails are each unique.
                .Select(u => new Owner(u.NormalizedUserName == normalizedName, normalizedEmail != null && u.NormalizedEmail == normalizedEmail)));
}
