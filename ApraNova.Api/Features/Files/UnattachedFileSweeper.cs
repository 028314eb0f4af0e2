using ApraNova.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Files;

/// <summary>
/// Uploads that never became part of a submission expire after <see cref="FilesOptions.UnattachedLifetime"/>:
/// their rows go first (one statement that re-checks, under <c>FOR UPDATE SKIP LOCKED</c>, that no
/// submission refers to them, so tasks sweeping at once never meet), then their bytes. Temp files of
/// uploads cut off mid-way go too.
/// </summary>
public sealed class UnattachedFileSweeper(
    IServiceScopeFactory scopes, IFileStore store, IOptionsMonitor<FilesOptions> options, TimeProvider clock,
    ILogger<UnattachedFileSweeper> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan AbandonedUploadAge = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Sweeping unattached files failed; the next pass tries again");
            }
            await Task.Delay(options.CurrentValue.SweepInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>One pass; returns how many files it deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - options.CurrentValue.UnattachedLifetime;
        var total = 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApraNovaDbContext>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var storedNames = await db.Database.SqlQuery<string>($"""
                DELETE FROM stored_files
                WHERE id IN (
                    SELECT f.id FROM stored_files f
                    WHERE f.created_at < {cutoff}
                      AND NOT EXISTS (SELECT 1 FROM submissions s WHERE s.file_id = f.id)
                    ORDER BY f.created_at
                    LIMIT {BatchSize}
                    FOR UPDATE SKIP LOCKED)
                RETURNING stored_name AS "Value"
                """).ToListAsync(cancellationToken);
            foreach (var storedName in storedNames)
            {
                try
                {
                    store.Delete(storedName);
                }
                catch (IOException ex)
                {
                    // The row is gone, so nothing can reach these bytes; they only take space.
                    logger.LogWarning(ex, "Could not delete the bytes of expired file {StoredName}", storedName);
                }
            }
            total += storedNames.Count;
            if (storedNames.Count < BatchSize)
                break;
        }
        var temporary = store.DeleteAbandonedTemporaryFiles(now - AbandonedUploadAge);
        if (total + temporary > 0)
            logger.LogInformation("Deleted {Count} unattached file(s) and {Temporary} abandoned temp file(s)", total, temporary);
        return total;
    }
}
