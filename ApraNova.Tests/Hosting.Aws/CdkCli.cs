using System.Diagnostics;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>
/// The AWS CDK CLI (npm package aws-cdk, v2 line: reads the 2.160 cloud assembly schema). Taken
/// from PATH when installed (CI installs it), otherwise installed once into a cache folder.
/// </summary>
internal static class CdkCli
{
    public const string Package = "aws-cdk@2.1148.1";

    /// <summary>Installs an npm package once into ~/.cache/apranova/&lt;folder&gt; and returns that folder.</summary>
    public static async Task<string> InstallCachedAsync(string package, string folder)
    {
        var directory = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "apranova", folder);
        var name = package[..package.LastIndexOf('@')];
        if (!Directory.Exists(Path.Combine(directory, "node_modules", name)))
        {
            Directory.CreateDirectory(directory);
            var install = new ProcessStartInfo("npm")
            {
                ArgumentList = { "install", "--prefix", directory, "--no-audit", "--no-fund", package },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var (exitCode, output) = await ExternalProcess.RunAsync(install, TimeSpan.FromMinutes(5));
            Assert.True(exitCode == 0, $"npm install {package} failed: {output}");
        }

        return directory;
    }

    public static async Task<string> LocateOrInstallAsync()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "cdk"))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }

        var cached = Path.Combine(await InstallCachedAsync(Package, "aws-cdk-2.1148.1"), "node_modules", ".bin", "cdk");
        return cached;
    }

    public static Task<(int ExitCode, string Output)> RunAsync(string cdk, params string[] arguments)
    {
        var start = new ProcessStartInfo(cdk) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Offline: no version check against the registry, no telemetry.
        start.Environment["CDK_DISABLE_VERSION_CHECK"] = "true";
        start.Environment["CDK_DISABLE_CLI_TELEMETRY"] = "true";
        return ExternalProcess.RunAsync(start, TimeSpan.FromMinutes(2));
    }
}
