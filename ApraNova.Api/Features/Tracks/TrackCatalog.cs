using System.Text.Json;
using System.Text.Json.Serialization;
using ApraNova.Api.Data;
using Microsoft.EntityFrameworkCore;
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
/// Read side of the curriculum, cached in Redis so every api task serves the public catalogue
/// and the dashboards without touching PostgreSQL.
/// <para>
/// Invalidation is race-free with a generation counter: a reader that missed remembers the
/// generation before reading the database and stores its result only if the generation is still
/// the same; a writer bumps the generation after committing and deletes the value. So a reader
/// that loaded pre-change rows can never put them back after the writer's delete.
/// </para>
/// Each process keeps the parsed snapshot of the generation it last saw (<see cref="LocalCurriculumCopy"/>),
/// so a request costs one small Redis GET. If Redis is unreachable the catalogue is read from the
/// database (slower, still correct).
/// </summary>
public sealed class TrackCatalog(ApraNovaDbContext db, IConnectionMultiplexer redis, LocalCurriculumCopy local, ILogger<TrackCatalog> logger)
{
    // Keys are scoped by database name: several databases may share one Redis (test runs,
    // staging next to development) and must never see each other's curriculum ids.
    private readonly RedisKey _valueKey = $"apranova:{db.Database.GetDbConnection().Database}:curriculum:v2";
    private readonly RedisKey _generationKey = $"apranova:{db.Database.GetDbConnection().Database}:curriculum:v2:generation";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private static readonly LuaScript SetIfGenerationUnchanged = LuaScript.Prepare(
        "if (redis.call('GET', @generationKey) or '0') == @generation then " +
        "redis.call('SET', @valueKey, @value, 'EX', @seconds) return 1 end return 0");

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public async Task<CurriculumSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        var cache = redis.GetDatabase();
        string generation;
        try
        {
            // One tiny round trip on the hot path: while the generation is unchanged this
            // process's own copy is current, and the snapshot is neither transferred nor parsed.
            generation = (string?)await cache.StringGetAsync(_generationKey) ?? "0";
            if (local.TryGet(_valueKey.ToString(), generation) is { } current)
                return current;
            var cached = await cache.StringGetAsync(_valueKey);
            if (cached.HasValue)
                return local.Set(_valueKey.ToString(), generation, JsonSerializer.Deserialize<CurriculumSnapshot>((byte[])cached!, Json)!);
        }
        catch (RedisException ex)
        {
            logger.LogWarning(ex, "Curriculum cache unavailable; reading the database");
            return await LoadAsync(cancellationToken);
        }

        var snapshot = await LoadAsync(cancellationToken);
        try
        {
            await cache.ScriptEvaluateAsync(SetIfGenerationUnchanged, new
            {
                generationKey = _generationKey,
                valueKey = _valueKey,
                generation,
                value = JsonSerializer.SerializeToUtf8Bytes(snapshot, Json),
                seconds = (long)Lifetime.TotalSeconds,
            });
        }
        catch (RedisException ex)
        {
            logger.LogWarning(ex, "Could not store the curriculum in the cache");
        }
        return local.Set(_valueKey.ToString(), generation, snapshot);
    }

    /// <summary>Call after committing a curriculum change.</summary>
    public async Task InvalidateAsync()
    {
        try
        {
            var cache = redis.GetDatabase();
            await cache.StringIncrementAsync(_generationKey);
            await cache.KeyDeleteAsync(_valueKey);
        }
        catch (RedisException ex)
        {
            // The value expires on its own; say loudly that it may be stale until then.
            logger.LogError(ex, "Could not invalidate the curriculum cache; it may be stale for up to {Lifetime}", Lifetime);
        }
    }

    private async Task<CurriculumSnapshot> LoadAsync(CancellationToken cancellationToken)
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
            .ToListAsync(cancellationToken);
        return new CurriculumSnapshot(tracks);
    }
}

/// <summary>This process's parsed copy of the cached curriculum, tagged with its cache generation.</summary>
public sealed class LocalCurriculumCopy
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Generation, CurriculumSnapshot Snapshot)> _copies = new();

    public CurriculumSnapshot? TryGet(string key, string generation) =>
        _copies.TryGetValue(key, out var copy) && copy.Generation == generation ? copy.Snapshot : null;

    public CurriculumSnapshot Set(string key, string generation, CurriculumSnapshot snapshot)
    {
        _copies[key] = (generation, snapshot);
        return snapshot;
    }
}
