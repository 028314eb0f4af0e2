using ApraNova.Api.Infrastructure.Security;

namespace ApraNova.Api.Features.Dashboard;

/// <summary>Dashboard: the student's home page in one request, under <c>/api/dashboard</c>.</summary>
public static class DashboardFeature
{
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DashboardQuery>();
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, DashboardJsonContext.Default));
        return builder;
    }

    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/dashboard").WithTags("Dashboard")
            .RequireAuthorization(AuthorizationPolicies.Student)
            .MapDashboardEndpoints();
        return routes;
    }
}
