using System.Collections.Frozen;
using System.Text.Json;

namespace ApraNova.Api.Features.Tracks;

/// <summary>
/// One loaded version of the curriculum (see <see cref="TrackCatalog"/>): the snapshot, and the
/// public catalogue's answers serialised once with the api's JSON options, so serving them is
/// copying bytes (the same bytes <c>TypedResults.Ok(...)</c> would write).
/// </summary>
public sealed class CachedCurriculum
{
    public CachedCurriculum(CurriculumSnapshot snapshot, JsonSerializerOptions json, long loadStartedAt)
    {
        Snapshot = snapshot;
        SnapshotTask = Task.FromResult(snapshot);
        LoadStartedAt = loadStartedAt;
        TrackListJson = JsonSerializer.SerializeToUtf8Bytes(snapshot.Tracks.Select(t => t.ToSummary()).ToList(), json);
        TrackJson = snapshot.Tracks.ToFrozenDictionary(t => t.Code, t => JsonSerializer.SerializeToUtf8Bytes(t, json), StringComparer.OrdinalIgnoreCase);
        Deliverables = snapshot.Tracks
            .SelectMany(t => t.Projects.SelectMany(p => p.Deliverables.Select(d => (d.Id, Place: new DeliverablePlace(t, p, d)))))
            .ToFrozenDictionary(x => x.Id, x => x.Place);
    }

    public CurriculumSnapshot Snapshot { get; }

    /// <summary>The snapshot as a completed task: cached readers await it without allocating.</summary>
    public Task<CurriculumSnapshot> SnapshotTask { get; }

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp of when the database read began.</summary>
    public long LoadStartedAt { get; }

    /// <summary>GET /api/tracks: every track's <see cref="TrackSummary"/>.</summary>
    public byte[] TrackListJson { get; }

    /// <summary>GET /api/tracks/{code}: each track's <see cref="TrackDetail"/> by code, any case.</summary>
    public FrozenDictionary<string, byte[]> TrackJson { get; }

    /// <summary>Every deliverable by id, with its project and track (what a submission's deliverable id leads to).</summary>
    public FrozenDictionary<Guid, DeliverablePlace> Deliverables { get; }
}
