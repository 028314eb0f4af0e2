using ApraNova.Hosting.Setup;
using Microsoft.Extensions.Logging;

namespace ApraNova.Hosting.Postgres;

/// <summary>
/// PostgreSQL refuses to run as root. When the AppHost itself runs as root (CI, containers) the
/// server runs as <c>nobody</c> through <c>setpriv</c>, which replaces itself with the server
/// (exec), so DCP still watches and signals the real postgres process.
/// </summary>
public sealed record UnprivilegedUser(int UserId, int GroupId)
{
    public static bool RunningAsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    /// <summary>The user to run PostgreSQL as, or null when the current user can run it directly.</summary>
    /// <exception cref="HostingPrerequisiteException">Running as root, but there is no <c>nobody</c> or no <c>setpriv</c>.</exception>
    public static UnprivilegedUser? ForPostgres()
    {
        if (!RunningAsRoot)
        {
            return null;
        }
        if (ChildProcess.FindOnPath("setpriv") is null)
        {
            throw new HostingPrerequisiteException(
                "The AppHost runs as root and PostgreSQL must not, but 'setpriv' (util-linux) is not installed to run it as 'nobody'.",
                "Install util-linux (apt-get install util-linux), or run the AppHost as a regular user.");
        }
        // nobody is on every Linux; read its ids from /etc/passwd so the group name (nogroup/nobody) does not matter.
        var entry = File.ReadLines("/etc/passwd").Select(line => line.Split(':')).FirstOrDefault(fields => fields[0] == "nobody")
            ?? throw new HostingPrerequisiteException(
                "The AppHost runs as root and PostgreSQL must not, but there is no 'nobody' user to run it as.",
                "Run the AppHost as a regular user.");
        return new UnprivilegedUser(int.Parse(entry[2]), int.Parse(entry[3]));
    }

    /// <summary>Arguments that make <c>setpriv</c> run the following command as this user.</summary>
    public IEnumerable<string> SetprivArguments() =>
        [$"--reuid={UserId}", $"--regid={GroupId}", "--clear-groups", "--"];

    /// <summary>
    /// Whether this user can get to <paramref name="path"/>: asked of the system itself (as this
    /// user), on the nearest folder of the path that exists. Folders still to be created below it
    /// are made with <see cref="CreateReachableDirectory"/>.
    /// </summary>
    public bool CanReach(string path)
    {
        var existing = Path.GetFullPath(path);
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }
        return ChildProcess.Probe("setpriv", [.. SetprivArguments(), "test", "-x", existing], TimeSpan.FromSeconds(30)) is { ExitCode: 0 };
    }

    /// <summary>Creates the missing folders of <paramref name="path"/> so that every user may pass through them (0755), whatever the umask.</summary>
    public static void CreateReachableDirectory(string path)
    {
        var missing = new Stack<string>();
        for (var folder = Path.GetFullPath(path); !Directory.Exists(folder); folder = Path.GetDirectoryName(folder)!)
        {
            missing.Push(folder);
        }
        foreach (var folder in missing)
        {
            Directory.CreateDirectory(folder);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(folder, File.GetUnixFileMode(folder) | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                    | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
        }
    }

    public Task TakeOwnershipAsync(string folder, ILogger logger, CancellationToken cancellationToken) =>
        ChildProcess.RunAsync("chown", ["-R", $"{UserId}:{GroupId}", folder], "/", logger, cancellationToken: cancellationToken);
}
