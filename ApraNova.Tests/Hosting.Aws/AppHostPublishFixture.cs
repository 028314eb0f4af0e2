using System.Diagnostics;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>
/// The real command on the real AppHost, as the README and the deploy workflow run it:
/// <c>dotnet ApraNova.AppHost.dll --operation publish --step publish --output-path X</c>.
/// </summary>
public sealed class AppHostPublishFixture : IAsyncLifetime
{
    public string OutputDirectory { get; } = Path.Combine(Path.GetTempPath(), $"apranova-aws-cli-{Guid.NewGuid():N}");

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // The AppHost build next to this test build (same configuration).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var appHost = Path.Combine(Repository.Root, "ApraNova.AppHost", "bin", configuration, "net10.0", "ApraNova.AppHost.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { appHost, "--operation", "publish", "--step", "publish", "--output-path", OutputDirectory },
            WorkingDirectory = Path.Combine(Repository.Root, "ApraNova.AppHost"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        (ExitCode, Output) = await ExternalProcess.RunAsync(start, TimeSpan.FromMinutes(5));
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(OutputDirectory))
        {
            Directory.Delete(OutputDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }
}
