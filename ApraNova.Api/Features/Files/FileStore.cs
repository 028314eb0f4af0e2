using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Files;

/// <summary>Bound from <c>Files</c> (<c>Files__RootPath</c> is the local folder or the EFS mount).</summary>
public sealed class FilesOptions
{
    public const string Section = "Files";
    public const int DefaultMaxUnattachedFiles = 10;

    public string RootPath { get; set; } = "";
    /// <summary>The largest single file.</summary>
    public long MaxBytes { get; set; } = 20 * 1024 * 1024;
    /// <summary>All of one user's files together: a track's deliverables with room for revisions.</summary>
    public long MaxBytesPerUser { get; set; } = 250 * 1024 * 1024;
    /// <summary>Uploads of one user not (yet) part of any submission.</summary>
    public int MaxUnattachedFiles { get; set; } = DefaultMaxUnattachedFiles;
    /// <summary>How long an upload may stay unattached before the sweep deletes it.</summary>
    public TimeSpan UnattachedLifetime { get; set; } = TimeSpan.FromHours(24);
    /// <summary>How often the sweep runs (every api task runs it; they never delete a file twice).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>A file written to the store's temp area; disposing it without <see cref="CommitAsync"/> deletes it.</summary>
public interface IPendingFile : IAsyncDisposable
{
    long Length { get; }
    string Sha256 { get; }
    /// <summary>The first bytes of the content, for signature checks.</summary>
    ReadOnlyMemory<byte> Head { get; }
    /// <summary>Moves the file to its final random name and returns that name.</summary>
    Task<string> CommitAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Bytes of uploaded files, under server-chosen random names. No name from a client ever
/// reaches this type, so nothing a client sends can address a path.
/// </summary>
public interface IFileStore
{
    /// <summary>Streams <paramref name="content"/> to a temp file, counting and hashing it.</summary>
    /// <exception cref="FileTooLargeException">More than <paramref name="maxBytes"/> bytes; nothing is left behind.</exception>
    Task<IPendingFile> WriteAsync(Stream content, long maxBytes, CancellationToken cancellationToken);
    /// <summary>Opens a stored file, or null when its bytes are missing.</summary>
    Stream? OpenRead(string storedName);
    void Delete(string storedName);
    /// <summary>Deletes temp files of uploads that never completed (a killed task leaves them); returns how many.</summary>
    int DeleteAbandonedTemporaryFiles(DateTimeOffset olderThan);
}

public sealed class FileTooLargeException(long maxBytes) : Exception($"The file exceeds {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}

/// <summary>
/// The store itself failed (full, read-only, gone), not the request: thrown for errors of the
/// store's own file operations only, so a client's broken upload is never blamed on the store
/// nor the store's failure on the client.
/// </summary>
public sealed class FileStoreUnavailableException(bool isFull, Exception inner)
    : Exception(isFull ? "The files store is full." : "The files store cannot be written.", inner)
{
    public bool IsFull { get; } = isFull;

    /// <summary>Runs one operation of the store, turning its I/O failures into this exception.</summary>
    public static async Task<T> Guard<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && ex is not FileStoreUnavailableException)
        {
            throw new FileStoreUnavailableException(IsDiskFull(ex), ex);
        }
    }

    /// <summary>ENOSPC and EDQUOT (the raw errno .NET puts in HResult on Unix), ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.</summary>
    private static bool IsDiskFull(Exception ex) => ex.HResult is 28 or 122 or unchecked((int)0x80070070) or unchecked((int)0x80070027);
}

/// <summary>
/// <see cref="IFileStore"/> over a folder. Uploads land in <c>.tmp/</c> inside the root (same file
/// system, so the final move is an atomic rename) and become visible under their final name only
/// once complete; an aborted upload deletes its temp file. Final names are 32 random hex digits,
/// fanned out into 256 sub-folders by their first two digits.
/// </summary>
public sealed partial class LocalFileStore : IFileStore
{
    private const int HeadLength = 64;
    private readonly string _root;
    private readonly string _temp;

    public LocalFileStore(IOptions<FilesOptions> options)
    {
        if (string.IsNullOrWhiteSpace(options.Value.RootPath))
            throw new InvalidOperationException("Files:RootPath is not configured (the folder of the files store).");
        _root = Path.GetFullPath(options.Value.RootPath);
        _temp = Path.Combine(_root, ".tmp");
        Directory.CreateDirectory(_temp);
    }

    public async Task<IPendingFile> WriteAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var tempPath = Path.Combine(_temp, NewName());
        var pending = new PendingFile(this, tempPath);
        FileStream? output = null;
        try
        {
            // The store's own operations are guarded (FileStoreUnavailableException); reading the
            // request body is not: its failures are the client's.
            output = await FileStoreUnavailableException.Guard(() => Task.FromResult(
                new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous)));
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            var head = new byte[HeadLength];
            var headLength = 0;
            long length = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                length += read;
                if (length > maxBytes)
                    throw new FileTooLargeException(maxBytes);
                if (headLength < HeadLength)
                {
                    var take = Math.Min(HeadLength - headLength, read);
                    buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                    headLength += take;
                }
                hash.AppendData(buffer, 0, read);
                var chunk = buffer.AsMemory(0, read);
                await FileStoreUnavailableException.Guard(async () => { await output.WriteAsync(chunk, cancellationToken); return true; });
            }
            // A full disk may only show when the last bytes are flushed.
            await FileStoreUnavailableException.Guard(async () => { await output.FlushAsync(cancellationToken); await output.DisposeAsync(); return true; });
            output = null;
            pending.Complete(length, Convert.ToHexStringLower(hash.GetHashAndReset()), head.AsMemory(0, headLength));
            return pending;
        }
        catch
        {
            if (output is not null)
            {
                try { await output.DisposeAsync(); }
                catch (IOException) { /* the write already failed; the temp file goes below */ }
            }
            await pending.DisposeAsync();
            throw;
        }
    }

    public Stream? OpenRead(string storedName)
    {
        var path = FinalPath(storedName);
        return File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan)
            : null;
    }

    public void Delete(string storedName)
    {
        var path = FinalPath(storedName);
        if (File.Exists(path))
            File.Delete(path);
    }

    public int DeleteAbandonedTemporaryFiles(DateTimeOffset olderThan)
    {
        var deleted = 0;
        foreach (var path in Directory.EnumerateFiles(_temp))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(path) < olderThan.UtcDateTime)
                {
                    File.Delete(path);
                    deleted++;
                }
            }
            catch (IOException)
            {
                // In use or already gone: the next sweep looks again.
            }
        }
        return deleted;
    }

    private string FinalPath(string storedName)
    {
        // Stored names are ours, but check anyway: a corrupted row must not become a path.
        if (!StoredNamePattern().IsMatch(storedName))
            throw new ArgumentException("Not a stored file name.", nameof(storedName));
        return Path.Combine(_root, storedName[..2], storedName);
    }

    private static string NewName() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex StoredNamePattern();

    private sealed class PendingFile(LocalFileStore store, string tempPath) : IPendingFile
    {
        private bool _committed;
        public long Length { get; private set; }
        public string Sha256 { get; private set; } = "";
        public ReadOnlyMemory<byte> Head { get; private set; }

        public void Complete(long length, string sha256, ReadOnlyMemory<byte> head) => (Length, Sha256, Head) = (length, sha256, head);

        public Task<string> CommitAsync(CancellationToken cancellationToken) =>
            FileStoreUnavailableException.Guard(() =>
            {
                var name = NewName();
                var final = store.FinalPath(name);
                Directory.CreateDirectory(Path.GetDirectoryName(final)!);
                File.Move(tempPath, final);
                _committed = true;
                return Task.FromResult(name);
            });

        public ValueTask DisposeAsync()
        {
            if (!_committed)
            {
                try { File.Delete(tempPath); }
                catch (IOException) { /* best effort: a stale temp file is harmless and never served */ }
            }
            return ValueTask.CompletedTask;
        }
    }
}
