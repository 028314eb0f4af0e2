using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ApraNova.Tests.AppHost;

/// <summary>What <c>dotnet run --project ApraNova.AppHost</c> prints when it cannot start: one message with its fix, and a failing exit code.</summary>
public sealed class PrerequisiteFailureTests
{
    [Fact]
    public async Task A_prerequisite_problem_is_one_message_with_its_fix_and_exit_code_1()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        // The AppHost as built beside the tests; random ports, so a running AppHost's ports do not add problems.
        var start = new ProcessStartInfo("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "ApraNova.AppHost.dll"), "--ApraNova:Infrastructure=kubernetes", "--DcpPublisher:RandomizePorts=true"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        var message = (await error).Trim();
        Assert.StartsWith("ApraNova cannot start: ApraNova:Infrastructure is 'kubernetes'.", message);
        Assert.Contains("Fix: Use 'auto', 'containers' or 'processes'", message);
        Assert.DoesNotMatch(new Regex(@"^\s+at ", RegexOptions.Multiline), message + await output);
    }
}
