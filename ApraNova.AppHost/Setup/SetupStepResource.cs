using ApraNova.AppHost.Setup;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.ApplicationModel;

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

/// <summary>What a setup step gets: its dashboard logger and a way to run commands whose output lands there.</summary>
public sealed class SetupStepContext(ILogger logger, CancellationToken cancellationToken)
{
    public ILogger Logger { get; } = logger;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Runs a command, streaming its output to the step's logs; throws <see cref="SetupStepException"/> when it fails.</summary>
    public Task RunAsync(string command, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null) =>
        ChildProcess.RunAsync(command, arguments, workingDirectory, Logger, environment, CancellationToken);
}

/// <summary>A failure whose message tells the user what is wrong and how to fix it (no stack trace needed).</summary>
public sealed class SetupStepException(string message) : Exception(message);
