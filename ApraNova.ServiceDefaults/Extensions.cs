using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every ApraNova .NET service gets: OpenTelemetry over OTLP (to the Aspire dashboard locally,
/// to the collector beside the task in AWS: OTEL_EXPORTER_OTLP_ENDPOINT), health checks, service
/// discovery and resilient HTTP clients.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    /// <summary>Tag of the checks that only say the process is running (liveness).</summary>
    public const string LiveTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing => tracing
                .SetSampler(ApraNova.TraceSampling.Create(builder.Configuration, builder.Environment))
                .AddSource(builder.Environment.ApplicationName)
                .AddAspNetCoreInstrumentation(options =>
                    // Health probes every few seconds would drown the traces people look for.
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddHttpClientInstrumentation());

        // The endpoint, protocol (grpc by default), service name and resource attributes come from
        // the standard OTEL_* variables; without an endpoint nothing is exported.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
            // The exporters' HttpClients (IHttpClientFactory's, by these names) without the
            // defaults every other client gets: each export is a synchronous send from the
            // exporter's own thread, which the resilience pipeline turned into a wait that spun
            // on the task's half core (2 % of the api's CPU under bench/profile-dashboard.sh),
            // and the exporter has a timeout and retries of its own.
#pragma warning disable EXTEXP0001 // "for evaluation": the one way to take the defaults' resilience handler off a client
            foreach (var exporterClient in (string[])["OtlpTraceExporter", "OtlpMetricExporter", "OtlpLogExporter"])
                builder.Services.AddHttpClient(exporterClient).RemoveAllResilienceHandlers().RemoveAllLoggers();
#pragma warning restore EXTEXP0001
        }
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// <c>/health</c>: readiness, every check (the load balancer's target check).
    /// <c>/alive</c>: liveness, only the process itself.
    /// Mapped in every environment because the ALB and ECS probe them in production.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions
        {
            ResponseWriter = HealthReportWriter.WriteJson,
        }).DisableHttpMetrics();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthReportWriter.WriteJson,
        }).DisableHttpMetrics();
        return app;
    }
}
