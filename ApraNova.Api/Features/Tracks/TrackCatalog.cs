using System.Diagnostics;
using ApraNova.Api.Data;
using ApraNova.Api.Infrastructure.Caching;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ApraNova.Api.Features.Tracks;

public sealed record TrackSummary(string Code, string Name, string Description, long PriceCents, string Currency, int ProjectCount,
    string Level, string Effort);

public sealed record TrackDetail(Guid Id, string Code, string Name, string Description, long PriceCents, string Currency,
    IReadOnlyList<ProjectOutline> Projects, string Level, string Effort, IReadOnlyList<string> Prerequisites)
{
    public TrackSummary ToSummary() => new(Code, Name, Description, PriceCents, Currency, Projects.Count, Level, Effort);
}

public sealed record ProjectOutline(Guid Id, int Position, string Title, string Summary,
    IReadOnlyList<StepOutline> Steps, IReadOnlyList<DeliverableOutline> Deliverables);

public sealed record StepOutline(Guid Id, int Position, string Title, string Instructions);

/// <param name="AcceptedFileTypes">File deliverables: the extensions accepted (empty: any allowed upload).</param>
/// <param name="Rubric">What the trainer checks before approving.</param>
public sealed record DeliverableOutline(Guid Id, int Position, string Title, string Instructions, DeliverableKind Kind,
    IReadOnlyList<string> AcceptedFileTypes, IReadOnlyList<string> Rubric);

/// <summary>The whole published curriculum (a few KB): what is cached, as one value.</summary>
public sealed record CurriculumSnapshot(IReadOnlyList<TrackDetail> Tracks)
{
    public TrackDetail? Find(string code) =>
        Tracks.FirstOrDefault(t => string.Equals(t.Code, code, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Read side of the curriculum: every api task keeps the published curriculum in memory, with its
/// public answers already serialised (<see cref="CachedCurriculum"/>), so the catalogue and the
/// dashboards cost no round trip at all. It changes only when staff edit it, and rarely.
/// <para>
/// Invalidation is pushed: a writer calls <see cref="InvalidateAsync"/> after committing, which
/// drops this task's copy at once (the writer reads its own change) and publishes on the Redis
/// channel <c>apranova:{database}:curriculum:changed</c>, so every other task drops its copy when
/// the message arrives (milliseconds) and reloads from PostgreSQL on its next read.
/// </para>
/// <para>
/// Race-free: every invalidation bumps a version, and a load stores its result only if no
/// invalidation happened since the load began; a load that read pre-change rows can never put them
/// back after the message. Requests that miss share one load of the current version.
/// </para>
/// <para>
/// Pub/sub loses messages while a task is disconnected, so the copy is trusted without limit only
/// while <see cref="Changes"/> is live (proven by probes, see <see cref="RedisPushChannel"/>).
/// Otherwise a copy is used for at most <see cref="UnconfirmedLifetime"/> after its load began, so
/// a change is visible everywhere within about a second even with Redis down; when the channel
/// comes back, the copy is dropped once.
/// </para>
/// </summary>
public sealed class TrackCatalog
{
    /// <summary>How long a copy is used while this task cannot prove it hears changes.</summary>
    public static readonly TimeSpan UnconfirmedLifetime = TimeSpan.FromSeconds(1);

    // Carries this task's id, so it does not drop (and reload) its copy a second time for its own change.
    private readonly string _changedMessage = $"changed:{Guid.NewGuid():N}";

    private readonly IServiceScopeFactory _scopes;
    private readonly JsonOptions _json;
    private readonly Lock _gate = new();
    private CachedCurriculum? _current;
    private long _version;
    private (long Version, Task<CachedCurriculum> Load)? _loading;

    public TrackCatalog(IServiceScopeFactory scopes, IConnectionMultiplexer redis, IOptions<JsonOptions> json, ILogger<TrackCatalog> logger)
    {
        _scopes = scopes;
        _json = json.Value;
        // Scoped by database name: several databases may share one Redis (test runs, staging next
        // to development) and must never invalidate each other.
        using var scope = scopes.CreateScope();
        var database = scope.ServiceProvider.GetRequiredService<ApraNovaDbContext>().Database.GetDbConnection().Database;
        Changes = new RedisPushChannel(redis, $"apranova:{database}:curriculum:changed",
            onMessage: message =>
            {
                if (message != _changedMessage)
                    Invalidate();
            },
            onResync: _ =>
            {
                // Whatever was published while this task was not listening is unknown: reload.
                Invalidate();
                return Task.CompletedTask;
            },
            PushChannelTiming.Default, logger);
    }

    /// <summary>The channel on which curriculum changes are announced (a hosted service: it listens while the api runs).</summary>
    public RedisPushChannel Changes { get; }

    /// <summary>The current curriculum with its serialised public answers; no round trip while cached.</summary>
    public ValueTask<CachedCurriculum> GetCurrentAsync(CancellationToken cancellationToken) =>
        TryGetCached() is { } current
            ? ValueTask.FromResult(current)
            : new ValueTask<CachedCurriculum>(LoadAsync().WaitAsync(cancellationToken));

    public Task<CurriculumSnapshot> GetAsync(CancellationToken cancellationToken) =>
        TryGetCached() is { } current ? current.SnapshotTask : LoadSnapshotAsync(cancellationToken);

    /// <summary>Call after committing a curriculum change: this task drops its copy now, the others when the message arrives.</summary>
    public async Task InvalidateAsync()
    {
        Invalidate();
        await Changes.PublishAsync(_changedMessage);
    }

    private CachedCurriculum? TryGetCached()
    {
        var current = Volatile.Read(ref _current);
        return current is not null && (Changes.IsLive || Stopwatch.GetElapsedTime(current.LoadStartedAt) < UnconfirmedLifetime)
            ? current
            : null;
    }

    private async Task<CurriculumSnapshot> LoadSnapshotAsync(CancellationToken cancellationToken) =>
        (await LoadAsync().WaitAsync(cancellationToken)).Snapshot;

    private void Invalidate()
    {
        lock (_gate)
        {
            _version++;
            Volatile.Write(ref _current, null);
        }
    }

    private Task<CachedCurriculum> LoadAsync()
    {
        lock (_gate)
        {
            if (_loading is { } loading && loading.Version == _version)
                return loading.Load;
            var version = _version;
            // Not under the lock, and not cancelled by the one request that happened to start it.
            var load = Task.Run(() => LoadVersionAsync(version));
            _loading = (version, load);
            return load;
        }
    }

    private async Task<CachedCurriculum> LoadVersionAsync(long version)
    {
        try
        {
            var startedAt = Stopwatch.GetTimestamp();
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApraNovaDbContext>();
            var loaded = new CachedCurriculum(await ReadAsync(db), _json.SerializerOptions, startedAt);
            lock (_gate)
            {
                // An invalidation since the load began may have come after the rows were read.
                if (_version == version)
                    Volatile.Write(ref _current, loaded);
            }
            return loaded;
        }
        finally
        {
            lock (_gate)
            {
                if (_loading is { } loading && loading.Version == version)
                    _loading = null;
            }
        }
    }

    private static async Task<CurriculumSnapshot> ReadAsync(ApraNovaDbContext db)
    {
        var tracks = await db.Tracks.AsNoTracking()
            .OrderBy(t => t.Code)
            .Select(t => new TrackDetail(t.Id, t.Code, t.Name, t.Description, t.PriceCents, t.Currency,
                t.Projects.OrderBy(p => p.Position).Select(p => new ProjectOutline(p.Id, p.Position, p.Title, p.Summary,
                    p.Steps.OrderBy(s => s.Position).Select(s => new StepOutline(s.Id, s.Position, s.Title, s.Instructions)).ToList(),
                    p.Deliverables.OrderBy(d => d.Position).Select(d => new DeliverableOutline(d.Id, d.Position, d.Title, d.Instructions, d.Kind,
                        d.AcceptedFileTypes, d.Rubric)).ToList()))
                    .ToList(), t.Level, t.Effort, t.Prerequisites))
            .AsSplitQuery()
            .ToListAsync();
        return new CurriculumSnapshot(tracks);
    }
}
