using System.Diagnostics;

namespace ApraNova.Tests.Infrastructure;

/// <summary>
/// A test that mounts a small file system of its own (tmpfs) to make a disk full or read-only for
/// real: skipped, and said so, where this process may not mount (not root, or a container
/// without the capability).
/// </summary>
public sealed class MountFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> CannotMount = new(Probe);

    public MountFactAttribute()
    {
        if (CannotMount.Value is { } reason)
            Skip = $"Needs to mount a tmpfs: {reason}";
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
            return "not Linux";
        var folder = Directory.CreateTempSubdirectory("apranova-mount-probe-").FullName;
        try
        {
            if (Run("mount", $"-t tmpfs -o size=64k tmpfs {folder}") is { } failed)
                return failed;
            Run("umount", folder);
            return null;
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    /// <summary>Runs a command; null when it succeeded, otherwise what it said.</summary>
    public static string? Run(string command, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true, UseShellExecute = false })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{command} {arguments}: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return ex.Message;
        }
    }
}
