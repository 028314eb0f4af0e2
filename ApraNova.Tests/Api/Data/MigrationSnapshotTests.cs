using ApraNova.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace ApraNova.Tests.Api.Data;

/// <summary>
/// The EF model (entities and their configurations) must be exactly what the migrations build:
/// otherwise the api refuses to start (EF's pending-model-changes check). Renaming a namespace or
/// a DbSet must not change a table, a column or a constraint name. Needs no database.
/// </summary>
public sealed class MigrationSnapshotTests
{
    [Fact]
    public void The_model_matches_the_last_migration_snapshot()
    {
        var options = new DbContextOptionsBuilder<ApraNovaDbContext>()
            .UseNpgsql("Host=unused")
            .UseSnakeCaseNamingConvention()
            .Options;
        using var db = new ApraNovaDbContext(options);
        var services = ((IInfrastructure<IServiceProvider>)db).Instance;
        var snapshot = services.GetRequiredService<IMigrationsAssembly>().ModelSnapshot;
        Assert.NotNull(snapshot);
        var snapshotModel = services.GetRequiredService<IModelRuntimeInitializer>()
            .Initialize(((IMutableModel)snapshot.Model).FinalizeModel());
        var currentModel = services.GetRequiredService<IDesignTimeModel>().Model;

        var differences = services.GetRequiredService<IMigrationsModelDiffer>()
            .GetDifferences(snapshotModel.GetRelationalModel(), currentModel.GetRelationalModel());

        Assert.True(differences.Count == 0,
            "The model differs from the migration snapshot: " + string.Join("; ", differences.Select(Describe)));
    }

    private static string Describe(MigrationOperation operation) => operation switch
    {
        ITableMigrationOperation table => $"{operation.GetType().Name} on {table.Table}",
        _ => operation.GetType().Name,
    };
}
