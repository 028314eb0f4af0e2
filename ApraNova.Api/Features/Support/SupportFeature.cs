using ApraNova.Api.Infrastructure.Security;

namespace ApraNova.Api.Features.Support;

/// <summary>
/// Support: the help desk. Students open tickets under <c>/api/support</c> and follow the thread;
/// their trainer and staff answer; staff also keep internal notes (never shown to the student,
/// see <see cref="TicketAccess"/>) and work the queue under <c>/api/admin/support</c>. Every event
/// reaches people through <see cref="SupportNotifier"/>.
/// </summary>
public static class SupportFeature
{
    public static IHostApplicationBuilder AddSupport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SupportOptions>().BindConfiguration(SupportOptions.Section);
        builder.Services.AddScoped<SupportNotifier>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSupportApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/support").WithTags("Support")
            .RequireAuthorization()
            .MapSupportEndpoints();
        routes.MapGroup("/api/admin/support").WithTags("Admin: support")
            .RequireAuthorization(AuthorizationPolicies.Staff)
            .MapSupportAdminEndpoints();
        return routes;
    }
}
