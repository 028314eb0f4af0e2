using ApraNova.Api.Infrastructure.Security;

namespace ApraNova.Api.Features.Trainers;

/// <summary>
/// Trainers: the trainer's workspace under <c>/api/trainers</c>: their students with progress,
/// the review queue and review decisions. A trainer sees only the students assigned to them;
/// staff see everyone. (Which trainers take a track's students is managed in Tracks.)
/// </summary>
public static class TrainersFeature
{
    public static IHostApplicationBuilder AddTrainers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<TrainerStudents>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTrainersApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/trainers").WithTags("Trainers")
            .RequireAuthorization(AuthorizationPolicies.TrainerOrStaff)
            .MapTrainerEndpoints();
        return routes;
    }
}
