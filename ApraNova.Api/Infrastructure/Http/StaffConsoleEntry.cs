using Microsoft.Extensions.Options;

namespace ApraNova.Api.Infrastructure.Http;

/// <summary>
/// <c>/admin</c> and everything below it. The load balancer routes <c>/admin/*</c> to the api (the
/// original application served its staff admin there, and bookmarks and the architecture keep
/// that path), but the staff console is a page of the web: <c>/staff</c>. So the api answers
/// these paths with a redirect to <c>{App:PublicUrl}/staff</c> instead of a dead 404. The redirect
/// is temporary (302): where the console lives is the web's decision and may change.
/// Sign-in is the console's business, so the redirect itself is open to anyone.
/// </summary>
public static class StaffConsoleEntry
{
    public const string ConsolePath = "/staff";

    public static IEndpointRouteBuilder MapStaffConsoleEntry(this IEndpointRouteBuilder routes)
    {
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        foreach (var pattern in new[] { "/admin", "/admin/{**rest}" })
        {
            routes.MapMethods(pattern, methods, (IOptions<AppOptions> app) =>
                    TypedResults.Redirect(app.Value.PublicUrl.TrimEnd('/') + ConsolePath))
                .AllowAnonymous()
                .ExcludeFromDescription();
        }
        return routes;
    }
}
