using ApraNova.Hosting.Resources;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace ApraNova.Hosting.Files;

public static class FileStorageExtensions
{
    /// <summary>Environment variable (configuration <c>Files:RootPath</c>) telling the api where the files store is.</summary>
    public const string RootPathVariable = "Files__RootPath";

    /// <summary>
    /// Adds the files store: a local folder in run mode (created at start, kept between runs),
    /// an EFS file system when published.
    /// </summary>
    public static IResourceBuilder<FileStorageResource> AddFileStorage(this IDistributedApplicationBuilder builder, string name, string localPath)
    {
        var storage = new FileStorageResource(name, Path.GetFullPath(localPath));
        return builder.AddResource(storage)
            .WithIconName("FolderOpen")
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "FileStorage",
                State = KnownResourceStates.NotStarted,
                Properties = [new("files.path", storage.LocalPath)],
            })
            .ExcludeFromManifest()
            .OnInitializeResource(async (storage, @event, _) =>
            {
                if (builder.ExecutionContext.IsRunMode)
                {
                    Directory.CreateDirectory(storage.LocalPath);
                    @event.Logger.LogInformation("Files are stored in {Folder}", storage.LocalPath);
                    await @event.Notifications.PublishUpdateAsync(storage, s => s with
                    {
                        State = KnownResourceStates.Running,
                        StartTimeStamp = DateTime.UtcNow,
                    });
                }
            });
    }

    /// <summary>Hands the files store to a service: <c>Files__RootPath</c> locally, a mount when published.</summary>
    public static IResourceBuilder<T> WithFileStorage<T>(this IResourceBuilder<T> builder, IResourceBuilder<FileStorageResource> storage)
        where T : IResourceWithEnvironment
    {
        builder.WithAnnotation(new FileStorageReferenceAnnotation(storage.Resource, RootPathVariable));
        if (builder.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            builder.WithEnvironment(RootPathVariable, storage.Resource.LocalPath);
        }
        if (builder is IResourceBuilder<IResourceWithWaitSupport> waiting)
        {
            waiting.WaitFor(storage);
        }
        return builder;
    }
}
