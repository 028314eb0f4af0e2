using ApraNova.Api.Features.Mail.Ses;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Mail;

/// <summary>
/// Mail: features send through <see cref="IEmailSender"/>, which records each email (text and the
/// HTML of <see cref="EmailLayout"/>) in the outbox table in the caller's transaction;
/// <see cref="OutboxDeliveryService"/> relays them through Amazon SES (<c>Mail:Ses:From</c>, the
/// production path) or an SMTP relay (<c>Mail:Smtp:Host</c>). In development and tests
/// (<c>Mail:DevOutbox=true</c>) nothing is delivered and <c>/api/dev/mail</c> lists them.
/// </summary>
public static class MailFeature
{
    public static IHostApplicationBuilder AddMail(this IHostApplicationBuilder builder)
    {
        var mail = builder.Configuration.GetSection(MailOptions.Section).Get<MailOptions>() ?? new MailOptions();
        if (builder.Environment.IsProduction() && mail.DevOutbox)
        {
            throw new InvalidOperationException("Mail:DevOutbox exposes every email (reset links included) and must not be enabled in Production.");
        }
        builder.Services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section);
        builder.Services.AddScoped<IEmailSender, OutboxEmailSender>();

        var ses = !string.IsNullOrWhiteSpace(mail.Ses.From);
        var smtp = !string.IsNullOrWhiteSpace(mail.Smtp.Host);
        if (ses && smtp)
        {
            throw new InvalidOperationException("Mail:Ses:From and Mail:Smtp:Host are both set; configure one way of delivering mail.");
        }
        if (mail.DevOutbox)
        {
            // Local runs: the dev outbox is where mail goes; nothing leaves the machine.
            return builder;
        }
        if (ses)
        {
            builder.Services.AddSingleton(SesEndpoint.Resolve(mail.Ses, builder.Configuration));
            builder.Services.AddSingleton<IAwsCredentialsSource, AwsSdkCredentialsSource>();
            // No automatic retries: a retried SendEmail that had in fact gone through would send the
            // email twice. The outbox retries failed attempts on its next pass instead.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to opt one client out.
            builder.Services.AddHttpClient<IMailTransport, SesMailTransport>(SesMailTransport.HttpClientName)
                .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        }
        else if (smtp)
        {
            builder.Services.AddSingleton<IMailTransport, SmtpMailTransport>();
        }
        else
        {
            return builder;
        }
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
