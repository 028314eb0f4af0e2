namespace ApraNova.Tests.Rehearsal;

/// <summary>Stops the rehearsal's processes (last started first) and deletes its folder, whatever happened.</summary>
internal sealed class AsyncCleanup(List<RehearsalProcess> processes, string directory) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        for (var i = processes.Count - 1; i >= 0; i--)
        {
            await processes[i].DisposeAsync();
        }
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
