using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace ApraNova.Tests.Rehearsal;

/// <summary>
/// A process of the rehearsal: its output kept for failure messages; optionally under
/// <c>../shared/tools/run-capped CPUS MEMORY</c> (a cgroup with the Fargate task's CPU and memory)
/// and as a given non-root user (the image's <c>USER</c>), with only the environment it is given.
/// </summary>
public sealed partial class RehearsalProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly bool _capped;

    private RehearsalProcess(string name, Process process, bool capped)
    {
        Name = name;
        _process = process;
        _capped = capped;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.Length <= 6000 ? _log.ToString() : _log.ToString()[^6000..];
            }
        }
    }

    /// <summary>Peak memory of the cgroup so far (MiB), read live; null when not capped.</summary>
    public int? PeakMemoryMiB { get; private set; }

    /// <param name="environment">The whole environment (nothing is inherited) when <paramref name="isolated"/>.</param>
    /// <param name="cap">CPUs and MiB for run-capped, or null.</param>
    /// <param name="user">uid:gid to run as (setpriv), or null for the current user.</param>
    public static RehearsalProcess Start(
        string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment,
        string? workingDirectory = null, (string Cpus, int MemoryMiB)? cap = null, (int Uid, int Gid)? user = null, bool isolated = false)
    {
        var command = new List<string>();
        if (cap is { } limits)
        {
            command.AddRange([RunCapped, limits.Cpus, limits.MemoryMiB.ToString(CultureInfo.InvariantCulture), "--"]);
        }
        if (user is { } account)
        {
            command.AddRange(["setpriv", $"--reuid={account.Uid}", $"--regid={account.Gid}", "--clear-groups", "--"]);
        }
        command.Add(fileName);
        command.AddRange(arguments);

        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        if (isolated)
        {
            start.Environment.Clear();
            start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new RehearsalProcess(name, new Process { StartInfo = start }, cap is not null);
        process._process.OutputDataReceived += (_, e) => process.Append(e.Data);
        process._process.ErrorDataReceived += (_, e) => process.Append(e.Data);
        process._process.Start();
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The repository's <c>../shared/tools/run-capped</c>.</summary>
    public static string RunCapped => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "tools", "run-capped"));

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Reads the cgroup's peak memory now (run-capped names its cgroups capped-{its pid}).</summary>
    public int? SamplePeakMemory()
    {
        if (!_capped || _process.HasExited)
        {
            return PeakMemoryMiB;
        }
        var file = $"/sys/fs/cgroup/memory/capped-{_process.Id}/memory.max_usage_in_bytes";
        if (!File.Exists(file))
        {
            file = $"/sys/fs/cgroup/capped-{_process.Id}/memory.peak";
        }
        try
        {
            PeakMemoryMiB = (int)(long.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture) / 1024 / 1024);
        }
        catch (IOException)
        {
        }
        return PeakMemoryMiB;
    }

    /// <summary>Stops the service as ECS does (SIGTERM to the container's process), then waits; kills after a grace period.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        SamplePeakMemory();
        var targets = _capped ? CgroupProcesses() : [_process.Id];
        foreach (var pid in targets)
        {
            _ = kill(pid, SigTerm);
        }
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.WaitForExit();
        // run-capped prints the cgroup's final peak when its command ends.
        if (PeakFromRunCapped().Match(Log) is { Success: true } peak)
        {
            PeakMemoryMiB = Math.Max(PeakMemoryMiB ?? 0, int.Parse(peak.Groups[1].Value, CultureInfo.InvariantCulture));
        }
    }

    private List<int> CgroupProcesses()
    {
        foreach (var file in new[] { $"/sys/fs/cgroup/memory/capped-{_process.Id}/cgroup.procs", $"/sys/fs/cgroup/capped-{_process.Id}/cgroup.procs" })
        {
            if (File.Exists(file))
            {
                return [.. File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];
            }
        }
        return [_process.Id];
    }

    /// <summary>Kills the process at once (SIGKILL to it and its children), as a lost host or the OOM killer would: no shutdown, no goodbye.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ApraNova.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("ApraNova.sln was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"run-capped: .*peak_memory_mb=(\d+)")]
    private static partial Regex PeakFromRunCapped();

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // a single libc call; LibraryImport's source generator buys nothing here
    private static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
