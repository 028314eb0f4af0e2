using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApraNova.Tests.Api.Users;

/// <summary>A checkout buyer's account, created inside the webhook's transaction, is written by that transaction's own save.</summary>
[Collection(ApiCollection.Name)]
public sealed class CheckoutAccountTests(ApiFactory api)
{
    [Fact]
    public async Task Inside_a_transaction_the_new_account_waits_for_the_callers_save_and_commits_with_it()
    {
        await using var scope = api.CreateDbScope();
        var db = scope.Db;
        var accounts = scope.Services.GetRequiredService<AccountProvisioning>();
        var email = $"buyer-{Guid.NewGuid():N}@example.com";

        await db.InTransactionAsync(async token =>
        {
            var (user, created) = await accounts.FindOrCreateStudentAsync(email, "Buyer", token);
            Assert.True(created);
            Assert.Equal(EntityState.Added, db.Entry(user).State);
            await db.SaveChangesAsync(token);
        }, CancellationToken.None);

        await using var check = api.CreateDbScope();
        var stored = await check.Db.Users.SingleAsync(u => u.NormalizedEmail == email.ToUpperInvariant());
        Assert.True(await check.Db.UserRoles.AnyAsync(link => link.UserId == stored.Id && link.RoleId == Roles.Ids[Roles.Student]));

        // Outside a transaction it is saved at once, as before; the same email is found, not created twice.
        await using var again = api.CreateDbScope();
        var (existing, createdAgain) = await again.Services.GetRequiredService<AccountProvisioning>()
            .FindOrCreateStudentAsync(email.ToUpperInvariant(), null, CancellationToken.None);
        Assert.False(createdAgain);
        Assert.Equal(stored.Id, existing.Id);
    }
}
