namespace ApraNova.Api.Features.Account;

/// <summary>
/// Account: the signed-in person's self-service under <c>/api/account</c>: change of email
/// (confirmed from the new address), export of everything held about them
/// (<see cref="AccountExporter"/>), deletion of their account (<see cref="AccountDeletion"/>) and
/// their sessions with "log out everywhere". Log-in, passwords and the profile name are Auth's.
/// </summary>
public static class AccountFeature
{
    public static IHostApplicationBuilder AddAccount(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<AccountExporter>();
        builder.Services.AddScoped<AccountDeletion>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/account").WithTags("Account").MapAccountEndpoints();
        return routes;
    }
}
