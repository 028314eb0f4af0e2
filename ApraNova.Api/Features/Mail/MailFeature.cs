using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Mail;

/// <summary>
/// Mail: features send through <see cref="IEmailSender"/>, which records each email in the
/// outbox table in the caller's transaction; <see cref="OutboxDeliveryService"/> relays them over
/// SMTP. In development and tests (<c>Mail:DevOutbox=true</c>) <c>/api/dev/mail</c> lists them.
/// </summary>
public static class MailFeature
{
    public static IHostApplicationBuilder AddMail(this IHostApplicationBuilder builder)
    {
        if (builder.Environment.IsProduction() && builder.Configuration.GetValue<bool>($"{MailOptions.Section}:{nameof(MailOptions.DevOutbox)}"))
        {
            throw new InvalidOperationException("Mail:DevOutbox exposes every email (reset links included) and must not be enabled in Production.");
        }
        builder.Services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section);
        builder.Services.AddScoped<IEmailSender, OutboxEmailSender>();
        builder.Services.AddHostedService<OutboxDeliveryService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapMailApi(this IEndpointRouteBuilder routes)
    {
        // Development endpoints live under /api/dev/<feature>, and exist only when switched on.
        if (routes.ServiceProvider.GetRequiredService<IOptions<MailOptions>>().Value.DevOutbox)
        {
            routes.MapGroup("/api/dev/mail").WithTags("Development").MapMailDevEndpoints();
        }
        return routes;
    }
}
