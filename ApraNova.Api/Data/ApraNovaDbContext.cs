using ApraNova.Api.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Data;

/// <summary>
/// The one database of the api. Entity configurations live next to their feature
/// (<c>IEntityTypeConfiguration</c> classes) and are picked up from the assembly.
/// </summary>
public sealed class ApraNovaDbContext(DbContextOptions<ApraNovaDbContext> options)
    : IdentityDbContext<ApplicationUser, IdentityRole<Guid>, Guid>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ApraNovaDbContext).Assembly);
    }
}
