using System.Security.Cryptography;
using System.Text;
using ApraNova.Hosting.Setup;
using Microsoft.Extensions.Logging;

namespace ApraNova.Hosting.Web;

/// <summary>
/// The Next.js app folder: restores and builds it only when needed. The stamps that say "up to
/// date" live next to what they describe (in node_modules and .next), so deleting either folder
/// also forgets its stamp, and tests with their own temporary data folder reuse the same build.
/// </summary>
internal sealed class NextJsProject(string appDirectory)
{
    private string NodeModules => Path.Combine(appDirectory, "node_modules");
    private string InstallStamp => Path.Combine(NodeModules, ".apranova-package-lock.sha256");
    private string BuildOutput => Path.Combine(appDirectory, ".next");
    private string BuildStamp => Path.Combine(BuildOutput, "apranova-sources.sha256");
    private string NextCli => Path.Combine("node_modules", "next", "dist", "bin", "next");

    public string[] StandaloneServerArguments => [Path.Combine(".next", "standalone", "server.js")];

    /// <summary>Where a local run listens: the standalone server reads it from HOSTNAME, <c>next dev</c> from --hostname.</summary>
    public const string LoopbackHost = "127.0.0.1";

    public string[] DevServerArguments => [NextCli, "dev", "--hostname", LoopbackHost];

    public Task InstallAsync(SetupStepContext context)
    {
        var lockFile = Path.Combine(appDirectory, "package-lock.json");
        var wanted = Hash(File.ReadAllBytes(lockFile));
        return context.RunOnceAsync(LockPath("install"), () => File.Exists(InstallStamp) && File.ReadAllText(InstallStamp) == wanted,
            "node_modules matches package-lock.json: nothing to install.",
            async () =>
            {
                // Someone else (a developer, the web's own test helper) may be running npm in the folder
                // without our lock: two npm ci at once wreck node_modules, so wait for theirs and reuse its result.
                await WaitForOtherNpmAsync(context);
                // npm writes node_modules/.package-lock.json when an install completes.
                var npmRecord = Path.Combine(NodeModules, ".package-lock.json");
                if (File.Exists(npmRecord) && File.GetLastWriteTimeUtc(npmRecord) >= File.GetLastWriteTimeUtc(lockFile))
                {
                    context.Logger.LogInformation("node_modules was installed from the current package-lock.json: nothing to install.");
                }
                else
                {
                    context.Logger.LogInformation("Installing the web's npm packages (npm ci): node_modules is missing or package-lock.json changed.");
                    await context.RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], appDirectory, NonInteractive);
                }
                await File.WriteAllTextAsync(InstallStamp, wanted, context.CancellationToken);
            });
    }

    private string LockPath(string purpose) =>
        Path.Combine(Path.GetTempPath(), $"apranova-web-{Hash(Encoding.UTF8.GetBytes(appDirectory))[..12]}.{purpose}.lock");

    private async Task WaitForOtherNpmAsync(SetupStepContext context)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var announced = false;
        while (OtherNpmRunningHere())
        {
            if (!announced)
            {
                context.Logger.LogInformation("Another npm is running in {Folder}; waiting for it to finish.", appDirectory);
                announced = true;
            }
            await Task.Delay(1000, context.CancellationToken);
        }
    }

    private bool OtherNpmRunningHere()
    {
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var cwd = new DirectoryInfo(Path.Combine(process, "cwd")).LinkTarget;
                if (cwd is null || Path.TrimEndingDirectorySeparator(cwd) != Path.TrimEndingDirectorySeparator(appDirectory))
                {
                    continue;
                }
                var commandLine = File.ReadAllText(Path.Combine(process, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains("npm ci", StringComparison.Ordinal) || commandLine.Contains("npm install", StringComparison.Ordinal)
                    || commandLine.Contains("npm-cli.js ci", StringComparison.Ordinal) || commandLine.Contains("npm-cli.js install", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended or is not ours to inspect.
            }
        }
        return false;
    }

    public Task BuildAsync(SetupStepContext context)
    {
        var sources = SourcesHash();
        var server = Path.Combine(appDirectory, StandaloneServerArguments[0]);
        return context.RunOnceAsync(LockPath("build"), () => File.Exists(server) && File.Exists(BuildStamp) && File.ReadAllText(BuildStamp) == sources,
            "The web's sources are unchanged since the last build: reusing .next.",
            async () =>
            {
                context.Logger.LogInformation("Building the web (npm run build): first run or its sources changed.");
                await context.RunAsync("npm", ["run", "build"], appDirectory, NonInteractive);
                await File.WriteAllTextAsync(BuildStamp, sources, context.CancellationToken);
            });
    }

    private static readonly IReadOnlyDictionary<string, string> NonInteractive = new Dictionary<string, string>
    {
        ["NEXT_TELEMETRY_DISABLED"] = "1",
        ["CI"] = "true",
    };

    /// <summary>Everything the build reads, except what it writes or restores.</summary>
    private string SourcesHash()
    {
        var excluded = new[] { "node_modules", ".next", "out", "coverage", "test-results", "playwright-report" };
        var files = Directory.EnumerateFiles(appDirectory, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(appDirectory, file))
            .Where(relative => !excluded.Any(folder => relative == folder || relative.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            .Where(relative => !relative.EndsWith(".tsbuildinfo", StringComparison.Ordinal) && relative != "next-env.d.ts")
            .Order(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var relative in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(relative + "\0"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(appDirectory, relative)));
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static string Hash(byte[] content) => Convert.ToHexString(SHA256.HashData(content));
}

