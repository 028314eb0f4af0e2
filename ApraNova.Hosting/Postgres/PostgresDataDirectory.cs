using System.Security.Cryptography;
using System.Text;
using ApraNova.Hosting.Setup;
using Microsoft.Extensions.Logging;

namespace ApraNova.Hosting.Postgres;

/// <summary>
/// Prepares the data folder of the process-mode PostgreSQL before every start: initdb on first
/// run, a clear error for a folder that is not ours, cleanup after a crash, and the superuser
/// password kept in step with the Aspire parameter (it may be regenerated when user secrets are reset).
/// </summary>
internal sealed class PostgresDataDirectory(string binDirectory, string dataDirectory, UnprivilegedUser? runAs)
{
    private const string PasswordStampFile = "apranova-password.sha256";

    public string DataDirectory { get; } = dataDirectory;

    public string Postgres => Path.Combine(binDirectory, "postgres");

    private string InitDb => Path.Combine(binDirectory, "initdb");

    public async Task PrepareAsync(string password, ILogger logger, CancellationToken cancellationToken)
    {
        if (!File.Exists(Postgres) || !File.Exists(InitDb))
        {
            throw new SetupStepException($"No PostgreSQL server binaries in '{binDirectory}'. Point {PostgresFolders.BinDirectoryKey} at a folder with 'postgres' and 'initdb', or remove the setting to use the bundled PostgreSQL 14.");
        }
        var serverMajor = await ServerMajorVersionAsync(logger, cancellationToken);

        if (runAs is not null)
        {
            UnprivilegedUser.CreateReachableDirectory(Path.GetDirectoryName(DataDirectory)!);
            Directory.CreateDirectory(DataDirectory);
            await runAs.TakeOwnershipAsync(DataDirectory, logger, cancellationToken);
        }
        else
        {
            Directory.CreateDirectory(DataDirectory);
        }

        var versionFile = Path.Combine(DataDirectory, "PG_VERSION");
        if (!File.Exists(versionFile))
        {
            await InitializeAsync(password, logger, cancellationToken);
            return;
        }

        var dataMajor = File.ReadAllText(versionFile).Trim();
        if (dataMajor != serverMajor)
        {
            throw new SetupStepException($"The data folder '{DataDirectory}' belongs to PostgreSQL {dataMajor} but the server is PostgreSQL {serverMajor}. Delete the folder (its data is lost) or set ApraNova:PostgresBinDirectory to PostgreSQL {dataMajor} binaries.");
        }
        if (!File.Exists(Path.Combine(DataDirectory, "global", "pg_control")))
        {
            throw new SetupStepException($"The data folder '{DataDirectory}' is damaged (global/pg_control is missing). Delete the folder to start with an empty database.");
        }

        await RemoveStaleLockAsync(logger, cancellationToken);
        await SynchronizePasswordAsync(password, logger, cancellationToken);
    }

    private async Task<string> ServerMajorVersionAsync(ILogger logger, CancellationToken cancellationToken)
    {
        // Run as the server's user: this also proves that user can read the binaries and their libraries.
        var output = new OutputCollector();
        var exitCode = await RunAsUserAsync(Postgres, ["--version"], output, cancellationToken);
        if (exitCode != 0)
        {
            logger.LogError("{Output}", output.ToString());
            throw new SetupStepException(runAs is null
                ? $"'{Postgres} --version' failed (see above). Reinstall by deleting '{binDirectory}' or fix {PostgresFolders.BinDirectoryKey}."
                : $"PostgreSQL runs as 'nobody' because the AppHost runs as root, and nobody cannot run '{Postgres}' (see above). Make that folder readable for every user, set {PostgresFolders.BinDirectoryKey} to one that is, or run the AppHost as a regular user.");
        }
        // "postgres (PostgreSQL) 14.23"
        var version = output.ToString().Trim().Split(' ').Last();
        logger.LogInformation("PostgreSQL server {Version} from {Folder}", version, binDirectory);
        return version.Split('.')[0];
    }

    private async Task InitializeAsync(string password, ILogger logger, CancellationToken cancellationToken)
    {
        if (Directory.EnumerateFileSystemEntries(DataDirectory).Any())
        {
            throw new SetupStepException($"The data folder '{DataDirectory}' is not empty but holds no PostgreSQL database (no PG_VERSION). Delete it, or set ApraNova:DataDirectory to another folder.");
        }

        logger.LogInformation("Creating a new PostgreSQL database cluster in {Folder}", DataDirectory);
        // initdb reads the password from a file, never from the command line (visible in ps). Beside
        // the data folder, which the server's user can reach (a private TMPDIR may not be).
        var passwordFile = Path.Combine(Path.GetDirectoryName(DataDirectory)!, $".apranova-pg-{Guid.NewGuid():N}");
        File.WriteAllText(passwordFile, password + "\n");
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            if (runAs is not null)
            {
                await ChildProcess.RunAsync("chown", [$"{runAs.UserId}:{runAs.GroupId}", passwordFile], "/", logger, cancellationToken: cancellationToken);
            }
            var exitCode = await RunAsUserAsync(InitDb,
                ["-D", DataDirectory, "-U", "postgres", $"--pwfile={passwordFile}",
                 "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "-E", "UTF8", "--locale=C"],
                logger, cancellationToken);
            if (exitCode != 0)
            {
                throw new SetupStepException($"initdb failed (see above). Delete '{DataDirectory}' and start again.");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
        WritePasswordStamp(password);
    }

    /// <summary>
    /// After a crash postmaster.pid stays behind. PostgreSQL ignores it when its pid is gone, but
    /// refuses when the pid was reused by another process, and an orphaned server from a killed
    /// AppHost still holds the folder: stop that one (fast shutdown) rather than fail.
    /// </summary>
    private async Task RemoveStaleLockAsync(ILogger logger, CancellationToken cancellationToken)
    {
        var lockFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(lockFile) || !int.TryParse(File.ReadLines(lockFile).FirstOrDefault(), out var pid))
        {
            return;
        }

        if (ProcessName(pid) != "postgres")
        {
            logger.LogWarning("Removing the lock file left by a PostgreSQL that did not shut down cleanly (pid {Pid} is gone).", pid);
            File.Delete(lockFile);
            return;
        }

        var parent = ParentProcessName(pid);
        if (parent is "dcp" or "dcpctrl")
        {
            throw new SetupStepException($"Another running ApraNova AppHost uses the data folder '{DataDirectory}' (postgres pid {pid}). Stop it first, or give this one its own ApraNova:DataDirectory.");
        }

        logger.LogWarning("A PostgreSQL server left running by an earlier run (pid {Pid}) holds the data folder; stopping it.", pid);
        await ChildProcess.TryRunAsync("kill", ["-INT", pid.ToString()], "/", logger, cancellationToken: cancellationToken);
        for (var i = 0; i < 300 && ProcessName(pid) == "postgres"; i++)
        {
            await Task.Delay(100, cancellationToken);
        }
        if (ProcessName(pid) == "postgres")
        {
            throw new SetupStepException($"The PostgreSQL server left running by an earlier run (pid {pid}) did not stop. Stop it with 'kill {pid}' and start again.");
        }
    }

    private async Task SynchronizePasswordAsync(string password, ILogger logger, CancellationToken cancellationToken)
    {
        var stampFile = Path.Combine(DataDirectory, PasswordStampFile);
        if (File.Exists(stampFile) && File.ReadAllText(stampFile).Trim() == Hash(password))
        {
            return;
        }

        // The password parameter changed (e.g. user secrets were cleared): set it in single-user
        // mode, which needs no password, instead of locking the developer out of their data.
        logger.LogInformation("Setting the PostgreSQL superuser password from the 'postgres-password' parameter.");
        var sql = $"ALTER ROLE postgres PASSWORD '{password.Replace("'", "''")}';\n";
        var exitCode = await RunAsUserAsync(Postgres, ["--single", "-D", DataDirectory, "postgres"], NullLoggerWithErrors(logger), cancellationToken, standardInput: sql);
        if (exitCode != 0)
        {
            throw new SetupStepException($"Could not set the PostgreSQL password in '{DataDirectory}' (see above). If the folder is damaged, delete it to start with an empty database.");
        }
        WritePasswordStamp(password);
    }

    private void WritePasswordStamp(string password) =>
        File.WriteAllText(Path.Combine(DataDirectory, PasswordStampFile), Hash(password));

    private static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private Task<int> RunAsUserAsync(string command, IEnumerable<string> arguments, ILogger logger, CancellationToken cancellationToken, string? standardInput = null) =>
        runAs is null
            ? ChildProcess.TryRunAsync(command, arguments, DataDirectoryParent, logger, cancellationToken: cancellationToken, standardInput: standardInput)
            : ChildProcess.TryRunAsync("setpriv", [.. runAs.SetprivArguments(), command, .. arguments], DataDirectoryParent, logger, cancellationToken: cancellationToken, standardInput: standardInput);

    // A folder the unprivileged user may stand in (it may not be allowed into the AppHost's current directory).
    private static string DataDirectoryParent => "/";

    private static string? ProcessName(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? ParentProcessName(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return ProcessName(int.Parse(fields[1]));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Single-user mode echoes the statement (with the password): keep only its errors.</summary>
    private static ILogger NullLoggerWithErrors(ILogger logger) => new FilteringLogger(logger, line => line.Contains("ERROR") || line.Contains("FATAL"));
    private sealed class FilteringLogger(ILogger inner, Func<string, bool> keep) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = formatter(state, exception);
            if (keep(line))
            {
                inner.LogError("{Line}", line);
            }
        }
    }
}
