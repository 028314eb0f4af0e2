using ApraNova.Api.Infrastructure.Security;

namespace ApraNova.Api.Features.Learning;

/// <summary>
/// Learning: the student's own track under <c>/api/learning</c> (projects with their lock state,
/// steps to tick, deliverables with their submission), the progress rows behind it and the
/// progress arithmetic (<see cref="ProgressReport"/>) every other view of progress uses.
/// </summary>
public static class LearningFeature
{
    public static IHostApplicationBuilder AddLearning(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<LearningTrackReader>();
        return builder;
    }

    public static IEndpointRouteBuilder MapLearningApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/learning").WithTags("Learning")
            .RequireAuthorization(AuthorizationPolicies.Student)
            .MapLearningEndpoints();
        return routes;
    }
}
