using Aspire.Hosting.ApplicationModel;

namespace ApraNova.Hosting.Resources;

/// <summary>
/// The files store (uploaded deliverables). In run mode a local folder handed to the api; when
/// published to AWS an EFS file system mounted into the tasks that reference it.
/// </summary>
public sealed class FileStorageResource(string name, string localPath) : Resource(name)
{
    /// <summary>Absolute path of the folder used in run mode.</summary>
    public string LocalPath { get; } = localPath;
}
