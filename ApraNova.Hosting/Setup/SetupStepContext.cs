using Microsoft.Extensions.Logging;

namespace ApraNova.Hosting.Setup;

/// <summary>What a setup step gets: its dashboard logger and a way to run commands whose output lands there.</summary>
public sealed class SetupStepContext(ILogger logger, CancellationToken cancellationToken)
{
    public ILogger Logger { get; } = logger;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Runs a command, streaming its output to the step's logs; throws <see cref="SetupStepException"/> when it fails.</summary>
    public Task RunAsync(string command, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null) =>
        ChildProcess.RunAsync(command, arguments, workingDirectory, Logger, environment, CancellationToken);

    /// <summary>
    /// Check, lock, check again. Returns at once when <paramref name="isDone"/> says the work is
    /// already done; otherwise takes the cross-process <paramref name="lockFile"/> (tests and a
    /// developer's run may install into the same folder at the same time), checks again (whoever
    /// held the lock may have done the work meanwhile) and only then runs <paramref name="work"/>.
    /// </summary>
    public async Task RunOnceAsync(string lockFile, Func<bool> isDone, string doneMessage, Func<Task> work)
    {
        if (isDone())
        {
            Logger.LogInformation("{Done}", doneMessage);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(lockFile))!);
        await using var held = await FileLock.AcquireAsync(lockFile, Logger, CancellationToken);
        if (isDone())
        {
            Logger.LogInformation("{Done}", doneMessage);
            return;
        }
        await work();
    }
}
