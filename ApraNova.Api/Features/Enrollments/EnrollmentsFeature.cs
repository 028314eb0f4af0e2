using ApraNova.Api.Infrastructure.Security;

namespace ApraNova.Api.Features.Enrollments;

/// <summary>
/// Enrollments: a student's place in a track and the trainer assigned to them.
/// <see cref="EnrollmentService"/> is the one place that enrolls, withdraws and assigns trainers
/// (for staff here, under <c>/api/admin/enrollments</c>, and for Payments).
/// </summary>
public static class EnrollmentsFeature
{
    public static IHostApplicationBuilder AddEnrollments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<EnrollmentService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapEnrollmentsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/admin/enrollments").WithTags("Admin: enrollments")
            .RequireAuthorization(AuthorizationPolicies.Staff)
            .MapEnrollmentAdminEndpoints();
        return routes;
    }
}
