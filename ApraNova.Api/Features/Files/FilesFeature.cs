using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Files;

/// <summary>
/// Files: uploads for file deliverables under <c>/api/files</c>, their bytes in the files store
/// (<see cref="IFileStore"/>: a local folder, or EFS in AWS) and their metadata in the database.
/// </summary>
public static class FilesFeature
{
    public static IHostApplicationBuilder AddFiles(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FilesOptions>().BindConfiguration(FilesOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.RootPath), "Files:RootPath is required (the folder of the files store).")
            .Validate(o => o.MaxBytes > 0, "Files:MaxBytes must be positive.")
            .Validate(o => o.MaxBytesPerUser >= o.MaxBytes, "Files:MaxBytesPerUser must hold at least one file of Files:MaxBytes.")
            .Validate(o => o.MaxUnattachedFiles > 0, "Files:MaxUnattachedFiles must be positive.")
            .Validate(o => o.UnattachedLifetime > TimeSpan.Zero && o.SweepInterval > TimeSpan.Zero, "Files:UnattachedLifetime and Files:SweepInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IFileStore, LocalFileStore>();
        builder.Services.AddHostedService<UnattachedFileSweeper>();
        return builder;
    }

    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder routes)
    {
        var maxBytes = routes.ServiceProvider.GetRequiredService<IOptions<FilesOptions>>().Value.MaxBytes;
        routes.MapGroup("/api/files").WithTags("Files").RequireAuthorization()
            .MapFileEndpoints(maxBytes);
        return routes;
    }
}
