namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A Next.js application (folder with package.json). Run mode runs it as a Node.js process;
/// publishers build its standalone output into a container image.
/// </summary>
public sealed class NextJsAppResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithServiceDiscovery;
