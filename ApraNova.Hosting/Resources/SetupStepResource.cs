using ApraNova.Hosting.Setup;
using Aspire.Hosting.ApplicationModel;

namespace ApraNova.Hosting.Resources;

/// <summary>
/// A one-shot preparation step (install a tool, restore npm packages, build the web) that other
/// resources wait for with <c>WaitForCompletion</c>. It shows in the dashboard with its logs and
/// ends as <c>Finished</c> (exit code 0) or <c>Exited</c> with exit code 1 and one clear message.
/// The AppHost runs it in-process rather than through DCP so it can skip quickly when its output
/// is already up to date and hold a file lock while it works (tests and a developer's run may
/// share the same tools folder).
/// </summary>
public sealed class SetupStepResource(string name, Func<SetupStepContext, Task> run) : Resource(name), IResourceWithWaitSupport
{
    internal Func<SetupStepContext, Task> Run { get; } = run;
}
