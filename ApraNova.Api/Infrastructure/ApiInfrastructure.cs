using System.Text.Json;
using System.Text.Json.Serialization;
using ApraNova.Api.Data;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.OpenApi;
using ApraNova.Api.Infrastructure.RateLimiting;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;
using StackExchange.Redis;

namespace ApraNova.Api.Infrastructure;

/// <summary>
/// What every feature relies on, wired in one place: the database and the cache, errors,
/// validation, JSON, the OpenAPI document, proxies, security and rate limits. Features add only
/// their own services (<c>Features/&lt;Name&gt;/&lt;Name&gt;Feature.cs</c>).
/// </summary>
public static class ApiInfrastructure
{
    public static IHostApplicationBuilder AddApiInfrastructure(this IHostApplicationBuilder builder)
    {
        // HTTP/1.1 lines end in CRLF. Kestrel also accepts a bare LF unless told not to; the ALB
        // always sends CRLF, so a bare LF only comes from a client probing for a parser that
        // splits requests differently from the proxy in front (request smuggling): refused, 400.
        AppContext.SetSwitch("Microsoft.AspNetCore.Server.Kestrel.DisableHttp1LineFeedTerminators", true);

        // The Aspire integrations' own health checks are replaced by the named ones below.
        builder.AddNpgsqlDbContext<ApraNovaDbContext>(ResourceNames.Database,
            settings => settings.DisableHealthChecks = true,
            options => options.UseSnakeCaseNamingConvention().AddInterceptors(new UtcInstantParameters()));
        builder.AddRedisClient(ResourceNames.Redis,
            settings => settings.DisableHealthChecks = true,
            options =>
            {
                // A cache outage must cost a request no more than the cache: while the connection is
                // known to be down, commands fail at once and each caller's fallback answers (limits
                // and the log-in throttle let the request through, revocations are checked in memory),
                // instead of queueing until the 5 s timeout. With the default backlog a log-in, which
                // makes three calls, took ~17 s during an outage (Faults/RedisOutageTests).
                options.BacklogPolicy = BacklogPolicy.FailFast;
                // Reconnect every second while it is down, rather than backing off towards 10 s
                // between attempts: the cache (shared limits, pushed revocations) is back within
                // about a second of Redis answering again, however long the outage was.
                options.ReconnectRetryPolicy = new LinearRetry(1000);
            });

        var services = builder.Services;
        services.AddHealthChecks().AddDependencyHealthChecks();
        services.AddOptions<AppOptions>().BindConfiguration(AppOptions.Section);
        services.TryAddSingleton(TimeProvider.System);

        // Errors are ProblemDetails; request records are checked by their DataAnnotations before
        // a handler runs (.NET's built-in minimal-API validation, the api's one validation mechanism).
        services.AddApiErrorHandling();
        services.AddValidation();
        services.ConfigureHttpJsonOptions(options =>
        {
            // Enums travel as camelCase strings ("revisionRequested"), as the api contract says.
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            // Numbers written as strings ("5") are a type error like any other, not silently accepted.
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });

        services.AddApiDocumentation();
        builder.AddApiForwardedHeaders();
        services.AddApraNovaAuthentication();
        services.AddSharedDataProtection();
        services.AddRedisRateLimiting();
        return builder;
    }

    /// <summary>The middleware every request passes, in order. Call before mapping endpoints.</summary>
    public static WebApplication UseApiInfrastructure(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestBodyLimit();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseStorableText();
        return app;
    }

    /// <summary>Endpoints that belong to no feature: health, the API description, the staff console's entry.</summary>
    public static WebApplication MapApiInfrastructure(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference();
        }
        app.MapStaffConsoleEntry();
        return app;
    }
}
