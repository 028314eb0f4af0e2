using Microsoft.AspNetCore.Http.HttpResults;

namespace ApraNova.Api.Features.Tracks;

/// <summary>The public catalogue, what a visitor sees before paying (mapped under <c>/api/tracks</c> by <see cref="TracksFeature"/>).</summary>
internal static class TrackEndpoints
{
    public static RouteGroupBuilder MapTrackEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/", async (TrackCatalog catalog, CancellationToken cancellationToken) =>
            {
                var snapshot = await catalog.GetAsync(cancellationToken);
                return TypedResults.Ok(snapshot.Tracks.Select(t => t.ToSummary()).ToList());
            })
            .WithName("ListTracks")
            .WithSummary("Lists the tracks with their prices.");

        group.MapGet("/{code}", async Task<Results<Ok<TrackDetail>, ProblemHttpResult>> (
                string code, TrackCatalog catalog, CancellationToken cancellationToken) =>
            {
                var track = (await catalog.GetAsync(cancellationToken)).Find(code);
                return track is null
                    ? TrackProblems.NoSuchTrack(code)
                    : TypedResults.Ok(track);
            })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetTrack")
            .WithSummary("One track with its ordered projects, steps and deliverables.");

        return group;
    }
}
