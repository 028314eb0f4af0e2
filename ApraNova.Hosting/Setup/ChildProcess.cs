using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ApraNova.Hosting.Setup;

/// <summary>Runs short-lived helper commands (npm, initdb, chown) with their output in a resource's logs.</summary>
public static class ChildProcess
{
    public static async Task RunAsync(string command, IEnumerable<string> arguments, string workingDirectory, ILogger logger,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default, string? standardInput = null)
    {
        var exitCode = await TryRunAsync(command, arguments, workingDirectory, logger, environment, cancellationToken, standardInput);
        if (exitCode != 0)
        {
            throw new SetupStepException($"'{Path.GetFileName(command)} {string.Join(' ', arguments)}' failed with exit code {exitCode} (see the logs above).");
        }
    }

    public static async Task<int> TryRunAsync(string command, IEnumerable<string> arguments, string workingDirectory, ILogger logger,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default, string? standardInput = null)
    {
        var startInfo = new ProcessStartInfo(command)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) logger.LogInformation("{Line}", line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) logger.LogInformation("{Line}", line); };
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            throw new SetupStepException($"'{command}' was not found on PATH. {HintFor(command)}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }
        process.StandardInput.Close();

        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The AppHost is stopping: do not leave a half-finished npm or initdb behind.
            process.Kill(entireProcessTree: true);
            throw;
        }
        return process.ExitCode;
    }

    /// <summary>
    /// Runs a short check and returns its exit code and standard output, synchronously: it serves
    /// while the model is built, before any host or logger exists. Null when the command could not
    /// start or did not finish within <paramref name="timeout"/> (it is then killed).
    /// </summary>
    public static (int ExitCode, string Output)? Probe(string command, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(startInfo)!;
            var output = process.StandardOutput.ReadToEndAsync();
            // Drained too, so that a chatty command cannot block on a full pipe.
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            return (process.ExitCode, output.GetAwaiter().GetResult());
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Finds an executable on PATH (null when absent), the way a shell would.</summary>
    public static string? FindOnPath(string command)
    {
        if (Path.IsPathRooted(command))
        {
            return File.Exists(command) ? command : null;
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, command))
            .FirstOrDefault(candidate => File.Exists(candidate) && IsExecutable(candidate));
    }

    private static bool IsExecutable(string file) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static string HintFor(string command) => Path.GetFileName(command) switch
    {
        "npm" or "node" or "npx" => "Install Node.js 20 or later (it brings npm) and make sure it is on PATH.",
        "dotnet" => "Install the .NET 10 SDK and make sure 'dotnet' is on PATH.",
        "setpriv" => "Install util-linux (it provides setpriv), or run the AppHost as a regular user.",
        _ => "Install it or fix PATH.",
    };
}
