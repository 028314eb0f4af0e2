using ApraNova.Hosting.Postgres;
using ApraNova.Hosting.Resources;
using ApraNova.Hosting.Setup;
using ApraNova.Tests.Infrastructure;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Npgsql;

namespace ApraNova.Tests.Hosting;

/// <summary>
/// The README's plain <c>dotnet run</c> from a clone in a folder only its owner may enter (a
/// <c>mktemp -d</c> folder, <c>/root/src</c>): as root, PostgreSQL runs as <c>nobody</c>, which
/// cannot reach the clone's <c>.data</c>, so its binaries and data live in the fallback folder.
/// </summary>
public sealed class UnreachableFolderTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task PostgreSQL_starts_with_its_data_and_tools_under_a_folder_only_its_owner_can_enter()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var owner = Directory.CreateTempSubdirectory("apranova-private-");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(owner.FullName));
        }
        var dataDirectory = Path.Combine(owner.FullName, "apranova", ".data");
        // Shared between runs: the binaries installed there are reused; each run's data folder is removed.
        var fallback = Path.Combine(TestTools.TestDataRoot, "unreachable-fallback");

        var builder = await TestTools.CreateAppHostAsync(dataDirectory,
            [$"--ApraNova:ToolsDirectory={Path.Combine(dataDirectory, "tools")}", $"--{PostgresFolders.FallbackDirectoryKey}={fallback}"],
            timeout.Token);
        TestTools.KeepOnly(builder, ResourceNames.Postgres, ResourceNames.Database);
        var server = builder.Resources.OfType<ProcessPostgresServerResource>().Single();

        var app = await builder.BuildAsync(timeout.Token);
        try
        {
            await app.StartAsync(timeout.Token);
            try
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Database, timeout.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or DistributedApplicationException)
            {
                var logs = await TestTools.ResourceLogsAsync(app, [ResourceNames.Postgres, ResourceNames.Postgres + "-install"]);
                throw new InvalidOperationException($"PostgreSQL did not get healthy: {ex.Message}\n{logs}", ex);
            }

            await using var connection = new NpgsqlConnection(await app.GetConnectionStringAsync(ResourceNames.Database, timeout.Token));
            await connection.OpenAsync(timeout.Token);
            await using var query = new NpgsqlCommand("SELECT current_database(), current_setting('data_directory')", connection);
            await using var reader = await query.ExecuteReaderAsync(timeout.Token);
            Assert.True(await reader.ReadAsync(timeout.Token));
            Assert.Equal(ResourceNames.DatabaseName, reader.GetString(0));
            Assert.Equal(server.DataDirectory, reader.GetString(1));

            if (UnprivilegedUser.RunningAsRoot)
            {
                Assert.StartsWith(fallback + Path.DirectorySeparatorChar, server.DataDirectory);
                Assert.StartsWith(fallback + Path.DirectorySeparatorChar, server.BinDirectory);
                var nobody = UnprivilegedUser.ForPostgres()!;
                Assert.Equal(nobody.UserId.ToString(), await OwnerOfAsync(server.DataDirectory));
            }
            else
            {
                Assert.StartsWith(owner.FullName + Path.DirectorySeparatorChar, server.DataDirectory);
            }
        }
        finally
        {
            await TestTools.StopAppHostAsync(app, owner.FullName);
            if (server.DataDirectory.StartsWith(fallback + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                TestTools.DeleteDataDirectory(Path.GetDirectoryName(server.DataDirectory)!);
            }
        }
    }

    private static async Task<string> OwnerOfAsync(string path)
    {
        var output = new OutputCollector();
        Assert.Equal(0, await ChildProcess.TryRunAsync("stat", ["-c", "%u", path], "/", output));
        return output.ToString().Trim();
    }
}
