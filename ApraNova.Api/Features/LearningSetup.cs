using System.Text.Json;
using System.Text.Json.Serialization;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Curriculum;
using ApraNova.Api.Features.Enrollments;

namespace ApraNova.Api.Features;

/// <summary>
/// Wires the learning side of the api (curriculum, enrollment, progress, submissions, files,
/// dashboard, trainer review) with one line each in Program.cs.
/// </summary>
public static class LearningSetup
{
    public static WebApplicationBuilder AddLearning(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Enums travel as camelCase strings ("revisionRequested"), as the api contract says.
        services.ConfigureHttpJsonOptions(options =>
        {
            if (!options.SerializerOptions.Converters.OfType<JsonStringEnumConverter>().Any())
                options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });

        services.AddScoped<TrackCatalog>();
        services.AddScoped<EnrollmentService>();
        return builder;
    }

    public static WebApplication MapLearningApi(this WebApplication app)
    {
        app.MapTracksApi();
        return app;
    }
}
