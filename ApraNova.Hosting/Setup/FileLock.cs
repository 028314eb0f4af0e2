using Microsoft.Extensions.Logging;

namespace ApraNova.Hosting.Setup;

/// <summary>An exclusive lock on a file, held across processes (flock on Unix) while a tool installs.</summary>
public sealed class FileLock : IAsyncDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    public static async Task<FileLock> AcquireAsync(string path, ILogger logger, CancellationToken cancellationToken)
    {
        var waited = false;
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                if (!waited)
                {
                    logger.LogInformation("Another process holds {Lock}; waiting for it to finish.", path);
                    waited = true;
                }
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
