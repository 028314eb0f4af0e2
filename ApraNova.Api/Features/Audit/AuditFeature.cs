using ApraNova.Api.Infrastructure.Security;

namespace ApraNova.Api.Features.Audit;

/// <summary>
/// Audit: who changed what, recorded by every feature through <see cref="IAuditLog"/> in the
/// same unit of work as the change, and read by staff under <c>/api/admin/audit</c>.
/// </summary>
public static class AuditFeature
{
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IAuditLog, AuditLog>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/admin/audit").WithTags("Admin: audit")
            .RequireAuthorization(AuthorizationPolicies.Staff)
            .MapAuditAdminEndpoints();
        return routes;
    }
}
