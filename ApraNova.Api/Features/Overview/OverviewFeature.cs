using ApraNova.Api.Infrastructure.Security;

namespace ApraNova.Api.Features.Overview;

/// <summary>Overview: the staff console's figures (students, revenue, reviews, trainers, support) under <c>/api/admin/overview</c>.</summary>
public static class OverviewFeature
{
    public static IHostApplicationBuilder AddOverview(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<StaffOverviewQuery>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOverviewApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/admin/overview").WithTags("Admin: overview")
            .RequireAuthorization(AuthorizationPolicies.Staff)
            .MapGet("/", async (StaffOverviewQuery query, CancellationToken ct) => TypedResults.Ok(await query.LoadAsync(ct)))
            .WithName("GetStaffOverview")
            .WithSummary("Students per track and state, revenue net of refunds per month, review backlog and times, trainer load, support times.");
        return routes;
    }
}
