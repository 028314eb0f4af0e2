using ApraNova.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Tracks;

/// <summary>
/// Inserts the launch tracks that do not exist yet. Idempotent and safe when several api tasks
/// start together: the check-then-insert runs under a transaction-scoped advisory lock, and a
/// track that already exists (by code) is never touched, so admins' edits survive restarts.
/// </summary>
public static class TrackSeeder
{
    // "SEEDCUR" in ASCII; distinct from the migration lock.
    private const long SeedLockKey = 0x53454544435552;

    public static Task SeedTracksAsync(this WebApplication app, CancellationToken cancellationToken = default) =>
        app.Services.SeedTracksAsync(cancellationToken);

    public static async Task SeedTracksAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApraNovaDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TrackSeeder));

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({SeedLockKey})", cancellationToken);

            var existing = await db.Tracks.Select(t => t.Code).ToListAsync(cancellationToken);
            var missing = TrackSeedData.Tracks().Where(t => !existing.Contains(t.Code)).ToList();
            if (missing.Count > 0)
            {
                db.Tracks.AddRange(missing);
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Seeded tracks {Codes}", string.Join(", ", missing.Select(t => t.Code)));
            }
            await transaction.CommitAsync(cancellationToken);
            if (missing.Count > 0)
                await scope.ServiceProvider.GetRequiredService<TrackCatalog>().InvalidateAsync();
        });
    }
}
