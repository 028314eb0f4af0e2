using ApraNova.Api.Infrastructure.Security;

namespace ApraNova.Api.Features.Tracks;

/// <summary>
/// Tracks: the paid programmes and their curriculum (projects, steps, deliverables), the public
/// catalogue under <c>/api/tracks</c> (served from <see cref="TrackCatalog"/>'s in-memory copy, invalidated through Redis pub/sub), and
/// under <c>/api/admin/tracks</c> staff editing of the curriculum and of the trainers who take
/// each track's students.
/// </summary>
public static class TracksFeature
{
    public static IHostApplicationBuilder AddTracks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TrackCatalog>();
        // Listens for curriculum changes made by other api tasks while the api runs. (Not
        // AddHostedService: it keeps one service per implementation type, and RedisPushChannel has several.)
        builder.Services.AddSingleton<IHostedService>(services => services.GetRequiredService<TrackCatalog>().Changes);
        return builder;
    }

    public static IEndpointRouteBuilder MapTracksApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/tracks").WithTags("Tracks").AllowAnonymous()
            .MapTrackEndpoints();
        routes.MapGroup("/api/admin/tracks").WithTags("Admin: tracks")
            .RequireAuthorization(AuthorizationPolicies.Staff)
            .MapTrackAdminEndpoints()
            .MapTrackTrainerAdminEndpoints();
        return routes;
    }
}
