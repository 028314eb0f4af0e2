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
            var completed = await CompleteDetailsAsync(db, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (missing.Count > 0 || completed > 0)
                await scope.ServiceProvider.GetRequiredService<TrackCatalog>().InvalidateAsync();
        });
    }

    /// <summary>
    /// Tracks seeded before the track page's details existed (level, effort, prerequisites,
    /// rubrics, accepted file types) get the launch values for what is still blank; anything an
    /// admin has set is left alone.
    /// </summary>
    private static async Task<int> CompleteDetailsAsync(ApraNovaDbContext db, CancellationToken cancellationToken)
    {
        var seeds = TrackSeedData.Tracks().ToDictionary(t => t.Code);
        var tracks = await db.Tracks.Where(t => seeds.Keys.Contains(t.Code))
            .Include(t => t.Projects).ThenInclude(p => p.Deliverables).AsSplitQuery().ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var track in tracks)
        {
            var seed = seeds[track.Code];
            if (track.Level.Length == 0 && track.Effort.Length == 0 && track.Prerequisites.Count == 0)
            {
                (track.Level, track.Effort, track.Prerequisites) = (seed.Level, seed.Effort, seed.Prerequisites);
                changed++;
            }
            foreach (var deliverable in track.Projects.SelectMany(p => p.Deliverables))
            {
                if (!TrackSeedData.DeliverableDetails.TryGetValue(deliverable.Title, out var details))
                    continue;
                if (deliverable.Rubric.Count == 0 && details.Rubric.Length > 0)
                {
                    deliverable.Rubric = [.. details.Rubric];
                    changed++;
                }
                if (deliverable.Kind == DeliverableKind.File && deliverable.AcceptedFileTypes.Count == 0 && details.Accepted.Length > 0)
                {
                    deliverable.AcceptedFileTypes = [.. details.Accepted];
                    changed++;
                }
            }
        }
        if (changed > 0)
            await db.SaveChangesAsync(cancellationToken);
        return changed;
    }
}
