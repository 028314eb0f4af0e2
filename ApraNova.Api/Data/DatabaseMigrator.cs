using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ApraNova.Api.Data;

/// <summary>
/// Applies pending EF Core migrations at start-up. Several api tasks may start at once (ECS
/// rolling deploys run old and new side by side, auto-scaling adds tasks): a PostgreSQL
/// advisory lock makes them take turns, so exactly one applies each migration and the others
/// find nothing left to do.
/// </summary>
public static class DatabaseMigrator
{
    // Any constant works as long as every task uses the same one; "APRANOVA" in ASCII.
    private const long MigrationLockKey = 0x4150524E4F5641;

    public static async Task MigrateDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApraNovaDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrator));

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                var connection = (NpgsqlConnection)db.Database.GetDbConnection();
                await using (var takeLock = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", connection))
                    await takeLock.ExecuteNonQueryAsync(cancellationToken);
                try
                {
                    var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                    if (pending.Count > 0)
                    {
                        logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
                        await db.Database.MigrateAsync(cancellationToken);
                    }
                }
                finally
                {
                    await using var releaseLock = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", connection);
                    await releaseLock.ExecuteNonQueryAsync(CancellationToken.None);
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
    }
}
