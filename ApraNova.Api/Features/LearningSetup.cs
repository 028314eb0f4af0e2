using System.Text.Json;
using System.Text.Json.Serialization;
using ApraNova.Api.Features.Admin;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Curriculum;
using ApraNova.Api.Features.Dashboard;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Files;
using ApraNova.Api.Features.Progress;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Trainers;

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

        services.AddSingleton<LocalCurriculumCopy>();
        services.AddScoped<TrackCatalog>();
        services.AddScoped<EnrollmentService>();
        services.AddScoped<ReviewService>();
        services.AddOptions<FilesOptions>().BindConfiguration(FilesOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.RootPath), "Files:RootPath is required (the folder of the files store).")
            .Validate(o => o.MaxBytes > 0, "Files:MaxBytes must be positive.")
            .ValidateOnStart();
        services.AddSingleton<IFileStore, LocalFileStore>();
        return builder;
    }

    public static WebApplication MapLearningApi(this WebApplication app)
    {
        app.MapTracksApi();
        app.MapProgressApi();
        app.MapSubmissionsApi();
        app.MapTrainersApi();
        app.MapDashboardApi();
        app.MapFilesApi();
        app.MapEnrollmentAdminApi();
        app.MapCurriculumAdminApi();
        return app;
    }
}
