using ApraNova.Api.Infrastructure.Security;

namespace ApraNova.Api.Features.Users;

/// <summary>
/// Users: accounts with exactly one role each (<see cref="Roles"/>), their creation
/// (<see cref="AccountProvisioning"/>, the first superadmin at start-up) and staff management of
/// accounts and roles under <c>/api/admin/users</c>.
/// </summary>
public static class UsersFeature
{
    public static IHostApplicationBuilder AddUsers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<AccountProvisioning>();
        return builder;
    }

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/admin/users").WithTags("Admin: users")
            .RequireAuthorization(AuthorizationPolicies.Staff)
            .MapUserAdminEndpoints()
            .MapUserDetailEndpoints();
        return routes;
    }
}
