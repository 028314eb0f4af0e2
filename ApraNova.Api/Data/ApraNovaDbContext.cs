using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Data;

public sealed class ApraNovaDbContext(DbContextOptions<ApraNovaDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ApraNovaDbContext).Assembly);
    }
}
