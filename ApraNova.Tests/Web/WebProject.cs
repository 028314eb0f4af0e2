using System.Diagnostics;
using System.Text;
using ApraNova.Hosting.Setup;
using ApraNova.Hosting.Web;
using Microsoft.Extensions.Logging.Abstractions;

namespace ApraNova.Tests.Web;

/// <summary>Finds ApraNova.Web and runs npm in it (for its own unit tests and for its production build).</summary>
internal static class WebProject
{
    public static string Directory { get; } = FindWebDirectory();

    private static string FindWebDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "ApraNova.Web");
            if (File.Exists(Path.Combine(candidate, "package.json")))
                return candidate;
        }
        throw new InvalidOperationException("ApraNova.Web (package.json) was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// npm ci when node_modules is missing or stale: the AppHost's own install step (same lock
    /// and stamp), so this and an AppHost starting in parallel never run npm in the folder at once.
    /// </summary>
    public static Task EnsureInstalledAsync(CancellationToken cancellationToken) =>
        new NextJsProject(Directory).InstallAsync(new SetupStepContext(NullLogger.Instance, cancellationToken));

    public static async Task<(int ExitCode, string Output)> RunNpmAsync(string arguments, TimeSpan timeout, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("npm", arguments)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["CI"] = "true";
        start.Environment["NO_COLOR"] = "1";
        start.Environment["NEXT_TELEMETRY_DISABLED"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("npm could not be started.");
        var output = new StringBuilder();
        var lockObject = new object();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (lockObject) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (lockObject) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            lock (lockObject) output.AppendLine($"npm {arguments} did not finish within {timeout}.");
            return (-1, output.ToString());
        }
        process.WaitForExit(); // drains the redirected output
        lock (lockObject) return (process.ExitCode, output.ToString());
    }
}
