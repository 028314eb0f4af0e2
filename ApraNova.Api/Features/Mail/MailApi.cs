using ApraNova.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Mail;

public static class MailApi
{
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section);
        services.AddScoped<IEmailSender, OutboxEmailSender>();
        services.AddHostedService<OutboxDeliveryService>();
        if (environment.IsProduction() && configuration.GetValue<bool>($"{MailOptions.Section}:{nameof(MailOptions.DevOutbox)}"))
        {
            throw new InvalidOperationException("Mail:DevOutbox exposes every email (reset links included) and must not be enabled in Production.");
        }
        return services;
    }

    /// <summary>The dev outbox, mapped only when <c>Mail:DevOutbox=true</c> (development, tests).</summary>
    public static IEndpointRouteBuilder MapDevOutboxApi(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (!configuration.GetValue<bool>($"{MailOptions.Section}:{nameof(MailOptions.DevOutbox)}"))
        {
            return app;
        }
        var group = app.MapGroup("/api/dev/outbox").WithTags("Development");
        group.MapGet("/", ListOutbox)
            .WithName("ListDevOutbox")
            .WithSummary("Emails the api has sent (development only), newest first.");
        return app;
    }

    public sealed record OutboxEmailDto(Guid Id, string To, string Subject, string TextBody, string? HtmlBody, DateTimeOffset CreatedAt);

    private static async Task<Ok<List<OutboxEmailDto>>> ListOutbox(string? to, ApraNovaDbContext db, CancellationToken cancellationToken)
    {
        var query = db.Set<OutboxEmail>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(to))
        {
            var recipient = to.Trim().ToLowerInvariant();
            query = query.Where(email => email.To.ToLower() == recipient);
        }
        var emails = await query.OrderByDescending(email => email.CreatedAt).Take(100)
            .Select(email => new OutboxEmailDto(email.Id, email.To, email.Subject, email.TextBody, email.HtmlBody, email.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(emails);
    }
}
