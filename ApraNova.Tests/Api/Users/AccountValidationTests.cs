using ApraNova.Api.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApraNova.Tests.Api.Users;

/// <summary>
/// The api's user validator (one query for both uniqueness checks) refuses what Identity's own
/// refuses, with Identity's error codes, and lets an account be saved again.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AccountValidationTests(ApiFactory api)
{
    [Fact]
    public async Task Taken_names_and_emails_malformed_emails_and_odd_characters_are_refused_with_identitys_codes()
    {
        await using var scope = api.CreateDbScope();
        var users = scope.Services.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.IsType<UniqueAccountValidator>(Assert.Single(users.UserValidators));
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        var owner = new ApplicationUser { UserName = email, Email = email, FullName = "Owner" };
        Assert.True((await users.CreateAsync(owner)).Succeeded);

        Assert.Equal(["DuplicateUserName", "DuplicateEmail"], await CodesAsync(users, email.ToUpperInvariant(), email.ToUpperInvariant()));
        Assert.Equal(["DuplicateEmail"], await CodesAsync(users, $"other-{Guid.NewGuid():N}", email));
        Assert.Equal(["DuplicateUserName"], await CodesAsync(users, email, $"other-{Guid.NewGuid():N}@example.com"));
        Assert.Equal(["InvalidEmail"], await CodesAsync(users, $"n-{Guid.NewGuid():N}", "not an email"));
        Assert.Equal(["InvalidUserName"], await CodesAsync(users, "has space", $"s-{Guid.NewGuid():N}@example.com"));
        Assert.Empty(await CodesAsync(users, $"free-{Guid.NewGuid():N}@example.com", $"free-{Guid.NewGuid():N}@example.com"));

        // The owner itself is not a duplicate of itself.
        owner.FullName = "Owner Renamed";
        Assert.True((await users.UpdateAsync(owner)).Succeeded);
        Assert.Equal(1, await scope.Db.Users.CountAsync(u => u.NormalizedEmail == email.ToUpperInvariant()));
    }

    private static async Task<string[]> CodesAsync(UserManager<ApplicationUser> users, string userName, string email)
    {
        var candidate = new ApplicationUser { UserName = userName, Email = email };
        var results = await Task.WhenAll(users.UserValidators.Select(v => v.ValidateAsync(users, candidate)));
        return [.. results.SelectMany(r => r.Errors).Select(e => e.Code)];
    }
}
