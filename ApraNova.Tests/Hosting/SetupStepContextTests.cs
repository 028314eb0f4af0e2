using ApraNova.Hosting.Setup;

namespace ApraNova.Tests.Hosting;

public sealed class SetupStepContextTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("apranova-setup-");

    private string Marker => Path.Combine(_folder.FullName, "done");
    private string LockFile => Path.Combine(_folder.FullName, "locks", "install.lock");

    [Fact]
    public async Task Work_already_done_is_not_repeated()
    {
        File.WriteAllText(Marker, "earlier run");
        var output = new OutputCollector();
        var runs = 0;

        await new SetupStepContext(output, CancellationToken.None).RunOnceAsync(LockFile, () => File.Exists(Marker), "already installed",
            () => { runs++; return Task.CompletedTask; });

        Assert.Equal(0, runs);
        Assert.Contains("already installed", output.ToString());
    }

    [Fact]
    public async Task Two_steps_at_once_do_the_work_once_the_second_waiting_for_the_first()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var runs = 0;
        var firstIsWorking = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finishFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondOutput = new OutputCollector();

        Task Step(OutputCollector output) => new SetupStepContext(output, timeout.Token).RunOnceAsync(LockFile, () => File.Exists(Marker), "already installed",
            async () =>
            {
                Interlocked.Increment(ref runs);
                firstIsWorking.TrySetResult();
                await finishFirst.Task.WaitAsync(timeout.Token);
                await File.WriteAllTextAsync(Marker, "installed", timeout.Token);
            });

        var first = Step(new OutputCollector());
        await firstIsWorking.Task.WaitAsync(timeout.Token);
        var second = Step(secondOutput);
        // The second has checked (not done yet) and now waits for the lock the first holds.
        while (!secondOutput.ToString().Contains("waiting", StringComparison.Ordinal))
        {
            await Task.Delay(50, timeout.Token);
        }
        Assert.False(second.IsCompleted);

        finishFirst.SetResult();
        await Task.WhenAll(first, second).WaitAsync(timeout.Token);

        Assert.Equal(1, runs);
        Assert.Contains("already installed", secondOutput.ToString());
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
