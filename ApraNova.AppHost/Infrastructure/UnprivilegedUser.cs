namespace ApraNova.AppHost.Infrastructure;

/// <summary>
/// PostgreSQL refuses to run as root. When the AppHost itself runs as root (CI, containers) the
/// server runs as <c>nobody</c> through <c>setpriv</c>, which replaces itself with the server
/// (exec), so DCP still watches and signals the real postgres process.
/// </summary>
public sealed record UnprivilegedUser(int UserId, int GroupId)
{
    public static bool RunningAsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    /// <summary>The user to run PostgreSQL as, or null when the current user can run it directly.</summary>
    public static UnprivilegedUser? ForPostgres()
    {
        if (!RunningAsRoot)
        {
            return null;
        }
        // nobody is on every Linux; read its ids from /etc/passwd so the group name (nogroup/nobody) does not matter.
        var entry = File.ReadLines("/etc/passwd").Select(line => line.Split(':')).FirstOrDefault(fields => fields[0] == "nobody")
            ?? throw new SetupStepException("The AppHost runs as root and PostgreSQL must not: no 'nobody' user exists to run it as. Run the AppHost as a regular user.");
        return new UnprivilegedUser(int.Parse(entry[2]), int.Parse(entry[3]));
    }

    /// <summary>Arguments that make <c>setpriv</c> run the following command as this user.</summary>
    public IEnumerable<string> SetprivArguments() =>
        [$"--reuid={UserId}", $"--regid={GroupId}", "--clear-groups", "--"];

    public Task TakeOwnershipAsync(string folder, Microsoft.Extensions.Logging.ILogger logger, CancellationToken cancellationToken) =>
        Setup.ChildProcess.RunAsync("chown", ["-R", $"{UserId}:{GroupId}", folder], "/", logger, cancellationToken: cancellationToken);
}
