using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace ApraNova.Hosting.Resources;

/// <summary>
/// A Next.js web application (folder with package.json). Run mode runs it as a Node.js process;
/// publishers build its standalone output into a container image. Named apart from Aspire's own
/// JavaScript integration (<c>AddNextJsApp</c>, <c>NextJsAppResource</c>) so both can be used.
/// </summary>
public sealed class NextJsWebResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithServiceDiscovery;
