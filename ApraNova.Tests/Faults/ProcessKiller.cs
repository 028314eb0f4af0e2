using System.Globalization;
using System.Runtime.InteropServices;

namespace ApraNova.Tests.Faults;

/// <summary>
/// Kills a server the hard way, as the kernel's OOM killer or a lost host would: SIGKILL to the
/// process and every process below it (a PostgreSQL postmaster's backends, checkpointer, WAL
/// writer...), so nothing gets to flush, checkpoint or say goodbye to its clients.
/// </summary>
internal static class ProcessKiller
{
    private const int SigKill = 9;
    private const int SigStop = 19;

    /// <summary>Kills <paramref name="pid"/> and its descendants, and waits until none of them runs any more.</summary>
    /// <returns>How many processes were killed.</returns>
    public static async Task<int> KillTreeAsync(int pid, TimeSpan patience)
    {
        // Frozen first, so a postmaster cannot fork a new backend between the listing and the kill.
        _ = kill(pid, SigStop);
        var tree = Descendants(pid).Prepend(pid).ToList();
        foreach (var process in tree)
        {
            _ = kill(process, SigStop);
        }
        foreach (var process in tree)
        {
            _ = kill(process, SigKill);
        }
        var deadline = DateTime.UtcNow + patience;
        while (tree.Any(IsRunning))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Processes {string.Join(", ", tree.Where(IsRunning))} still run {patience} after SIGKILL.");
            }
            await Task.Delay(20);
        }
        return tree.Count;
    }

    /// <summary>Running: it exists and is not a zombie (a zombie holds no port, memory or lock).</summary>
    public static bool IsRunning(int pid) => State(pid) is { } state && state != 'Z' && state != 'X';

    private static char? State(int pid)
    {
        try
        {
            // "pid (comm) S ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }
        var found = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var (child, _) in parents.Where(p => p.Value == parent))
            {
                found.Add(child);
                frontier.Enqueue(child);
            }
        }
        return found;
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // one libc call; LibraryImport's generator would need unsafe code in the test project
    private static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
