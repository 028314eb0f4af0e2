using ApraNova.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ApraNova.Api.Features.Tracks;

/// <summary>
/// The public catalogue, what a visitor sees before paying (mapped under <c>/api/tracks</c> by
/// <see cref="TracksFeature"/>). Both answers are served from <see cref="TrackCatalog"/>'s
/// in-memory copy, serialised once per curriculum change: no round trip, no serialisation.
/// </summary>
internal static class TrackEndpoints
{
    public static RouteGroupBuilder MapTrackEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/", async ValueTask<Utf8JsonResult<List<TrackSummary>>> (TrackCatalog catalog, CancellationToken cancellationToken) =>
                new((await catalog.GetCurrentAsync(cancellationToken)).TrackListJson))
            .WithName("ListTracks")
            .WithSummary("Lists the tracks with their prices.");

        group.MapGet("/{code}", async ValueTask<Results<Utf8JsonResult<TrackDetail>, ProblemHttpResult>> (
                string code, TrackCatalog catalog, CancellationToken cancellationToken) =>
            {
                var curriculum = await catalog.GetCurrentAsync(cancellationToken);
                return curriculum.TrackJson.TryGetValue(code, out var json)
                    ? new Utf8JsonResult<TrackDetail>(json)
                    : TrackProblems.NoSuchTrack(code);
            })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetTrack")
            .WithSummary("One track with its ordered projects, steps and deliverables.");

        return group;
    }
}
