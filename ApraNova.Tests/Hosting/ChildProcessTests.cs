using ApraNova.Hosting.Setup;

namespace ApraNova.Tests.Hosting;

public sealed class ChildProcessTests
{
    [Fact]
    public async Task Output_and_errors_reach_the_logger_and_the_exit_code_comes_back()
    {
        var output = new OutputCollector();

        var exitCode = await ChildProcess.TryRunAsync("sh", ["-c", "echo to-stdout; echo to-stderr >&2; exit 3"], "/", output);

        Assert.Equal(3, exitCode);
        Assert.Contains("to-stdout", output.ToString());
        Assert.Contains("to-stderr", output.ToString());
    }

    [Fact]
    public async Task A_failing_command_is_one_sentence_without_a_stack_trace()
    {
        var failure = await Assert.ThrowsAsync<SetupStepException>(() =>
            ChildProcess.RunAsync("sh", ["-c", "exit 7"], "/", new OutputCollector()));

        Assert.Contains("exit code 7", failure.Message);
        // Aspire logs a failed resource start with the exception's ToString(): only the sentence.
        Assert.Equal(failure.Message, failure.ToString());
    }

    [Fact]
    public void A_probe_returns_exit_code_and_output_and_null_for_what_cannot_run()
    {
        Assert.Equal((4, "probed\n"), ChildProcess.Probe("sh", ["-c", "echo probed; echo noise >&2; exit 4"], TimeSpan.FromMinutes(1)));
        Assert.Null(ChildProcess.Probe("apranova-no-such-command", [], TimeSpan.FromMinutes(1)));
        Assert.Null(ChildProcess.Probe("sleep", ["30"], TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task A_missing_command_names_what_to_install()
    {
        var failure = await Assert.ThrowsAsync<SetupStepException>(() =>
            ChildProcess.RunAsync("apranova-no-such-command", [], "/", new OutputCollector()));

        Assert.Contains("was not found on PATH", failure.Message);
    }
}
