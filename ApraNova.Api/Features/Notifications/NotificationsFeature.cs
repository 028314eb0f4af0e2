namespace ApraNova.Api.Features.Notifications;

/// <summary>
/// Notifications: what users are told (in-app list with an unread count, and email through the
/// outbox unless they switched the kind off), under <c>/api/notifications</c>. Any feature tells
/// someone something with one call: <c>await notifier.NotifyAsync(new Notice(...), ct)</c>
/// (<see cref="INotifier"/>), inside its own transaction when it has one.
/// </summary>
public static class NotificationsFeature
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<INotifier, Notifier>();
        return builder;
    }

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization()
            .MapNotificationEndpoints();
        return routes;
    }
}
