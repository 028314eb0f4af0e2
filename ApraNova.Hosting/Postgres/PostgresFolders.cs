using System.Security.Cryptography;
using System.Text;
using ApraNova.Hosting.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace ApraNova.Hosting.Postgres;

/// <summary>
/// Where the process-mode PostgreSQL's binaries and data live. Normally in the tools and data
/// folders (<see cref="LocalPaths"/>). When the AppHost runs as root, PostgreSQL runs as
/// <c>nobody</c>, which must be able to reach both: a clone in <c>/root/...</c> or in a
/// <c>mktemp -d</c> folder (0700) is out of its reach. Then the bundled binaries go to
/// <c>{fallback}/tools/postgres-14</c> and the data to <c>{fallback}/{instance}/postgres</c>,
/// where <c>{fallback}</c> is <c>ApraNova:PostgresFallbackDirectory</c> (default
/// <c>/var/lib/apranova</c>, made passable for every user) and <c>{instance}</c> is derived from
/// the data folder's path, so each clone keeps its own database from one run to the next.
/// </summary>
public sealed record PostgresFolders(string BinDirectory, string? InstallDirectory, string DataDirectory)
{
    public const string BinDirectoryKey = "ApraNova:PostgresBinDirectory";
    public const string FallbackDirectoryKey = "ApraNova:PostgresFallbackDirectory";
    public const string DefaultFallbackDirectory = "/var/lib/apranova";
    private const string InstallFolderName = "postgres-14";

    /// <exception cref="HostingPrerequisiteException">nobody cannot reach a configured folder, or the fallback.</exception>
    public static PostgresFolders Choose(IConfiguration configuration, LocalPaths paths, UnprivilegedUser? runAs)
    {
        var configuredBin = configuration[BinDirectoryKey] is { Length: > 0 } configured ? Path.GetFullPath(configured) : null;
        var folders = configuredBin is not null
            ? new PostgresFolders(configuredBin, null, paths.PostgresData)
            : Bundled(Path.Combine(paths.ToolsDirectory, InstallFolderName), paths.PostgresData);
        if (runAs is null)
        {
            return folders;
        }

        if (configuredBin is not null && !runAs.CanReach(configuredBin))
        {
            throw new HostingPrerequisiteException(
                $"PostgreSQL runs as 'nobody' because the AppHost runs as root, and nobody cannot reach {BinDirectoryKey} '{configuredBin}'.",
                "Point it at a PostgreSQL 14 'bin' folder every user can read (e.g. /usr/lib/postgresql/14/bin), remove it to use the bundled PostgreSQL, or run the AppHost as a regular user.");
        }
        var fallback = Path.GetFullPath(configuration[FallbackDirectoryKey] is { Length: > 0 } configuredFallback ? configuredFallback : DefaultFallbackDirectory);
        var relocated = folders;
        if (folders.InstallDirectory is { } install && !runAs.CanReach(install))
        {
            relocated = Bundled(Path.Combine(fallback, "tools", InstallFolderName), folders.DataDirectory);
        }
        if (!runAs.CanReach(folders.DataDirectory))
        {
            relocated = relocated with { DataDirectory = Path.Combine(fallback, InstanceName(folders.DataDirectory), "postgres") };
        }
        if (relocated == folders)
        {
            return folders;
        }

        UnprivilegedUser.CreateReachableDirectory(fallback);
        if (!runAs.CanReach(fallback))
        {
            throw new HostingPrerequisiteException(
                $"PostgreSQL runs as 'nobody' because the AppHost runs as root; nobody cannot reach '{folders.DataDirectory}', nor the fallback '{fallback}'.",
                $"Set {FallbackDirectoryKey} to a folder every user can pass through, move the repository to such a folder, or run the AppHost as a regular user.");
        }
        // Said on the console, before the host exists: the database is not where the README says.
        Console.WriteLine($"ApraNova PostgreSQL: runs as 'nobody' (the AppHost runs as root), which cannot reach this clone's tools or data folder; " +
            $"its binaries are in '{relocated.BinDirectory}' and its data in '{relocated.DataDirectory}'.");
        if (relocated.DataDirectory != folders.DataDirectory && File.Exists(Path.Combine(folders.DataDirectory, "PG_VERSION")))
        {
            Console.WriteLine($"ApraNova PostgreSQL: an earlier database stays in '{folders.DataDirectory}'; to keep it, stop the AppHost and move that folder to '{relocated.DataDirectory}'.");
        }
        return relocated;
    }

    private static PostgresFolders Bundled(string installDirectory, string dataDirectory) =>
        new(EmbeddedPostgresPackage.BinDirectoryOf(installDirectory), installDirectory, dataDirectory);

    private static string InstanceName(string dataDirectory) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..12];
}
