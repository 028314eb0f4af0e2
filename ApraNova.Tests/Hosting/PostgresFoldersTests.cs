using ApraNova.Hosting;
using ApraNova.Hosting.Infrastructure;
using ApraNova.Hosting.Postgres;
using ApraNova.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace ApraNova.Tests.Hosting;

/// <summary>Where PostgreSQL's binaries and data go when it must run as <c>nobody</c> (the AppHost runs as root).</summary>
public sealed class PostgresFoldersTests : IDisposable
{
    // Made by root with mode 0700, like `mktemp -d` or /root: nobody cannot enter it.
    private readonly DirectoryInfo _private = Directory.CreateTempSubdirectory("apranova-private-");
    private readonly string _fallback = Path.Combine(TestTools.TestDataRoot, "fallback-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_regular_user_keeps_binaries_and_data_in_the_tools_and_data_folders()
    {
        var paths = PathsUnder(_private.FullName);

        var folders = PostgresFolders.Choose(Settings(), paths, runAs: null);

        Assert.Equal(paths.PostgresData, folders.DataDirectory);
        Assert.StartsWith(paths.ToolsDirectory + Path.DirectorySeparatorChar, folders.InstallDirectory);
        Assert.StartsWith(folders.InstallDirectory + Path.DirectorySeparatorChar, folders.BinDirectory);
    }

    [RootOnlyFact]
    public void Folders_nobody_can_reach_move_to_the_fallback_and_stay_there_from_one_start_to_the_next()
    {
        var runAs = UnprivilegedUser.ForPostgres()!;
        var paths = PathsUnder(_private.FullName);

        var folders = PostgresFolders.Choose(Settings(), paths, runAs);

        Assert.StartsWith(_fallback + Path.DirectorySeparatorChar, folders.DataDirectory);
        Assert.Equal(Path.Combine(_fallback, "tools", "postgres-14"), folders.InstallDirectory);
        Assert.True(runAs.CanReach(folders.DataDirectory));
        Assert.True(runAs.CanReach(folders.BinDirectory));
        Assert.Equal(folders, PostgresFolders.Choose(Settings(), paths, runAs));
        // Another clone gets its own database (and shares the installed binaries).
        var other = PostgresFolders.Choose(Settings(), PathsUnder(Path.Combine(_private.FullName, "other")), runAs);
        Assert.NotEqual(folders.DataDirectory, other.DataDirectory);
        Assert.Equal(folders.InstallDirectory, other.InstallDirectory);
    }

    [RootOnlyFact]
    public void Folders_nobody_can_reach_stay_where_they_are()
    {
        var paths = PathsUnder(Path.Combine(TestTools.TestDataRoot, Guid.NewGuid().ToString("N")));

        var folders = PostgresFolders.Choose(Settings(), paths, UnprivilegedUser.ForPostgres());

        Assert.Equal(PostgresFolders.Choose(Settings(), paths, runAs: null), folders);
        Assert.False(Directory.Exists(_fallback));
    }

    [RootOnlyFact]
    public void A_configured_bin_folder_nobody_can_reach_is_a_prerequisite_failure()
    {
        var settings = Settings((PostgresFolders.BinDirectoryKey, Path.Combine(_private.FullName, "bin")));

        var failure = Assert.Throws<HostingPrerequisiteException>(() =>
            PostgresFolders.Choose(settings, PathsUnder(_private.FullName), UnprivilegedUser.ForPostgres()));

        Assert.Contains(PostgresFolders.BinDirectoryKey, failure.Message);
        Assert.Contains("Fix:", failure.Message);
    }

    private static LocalPaths PathsUnder(string clone) =>
        new(Path.Combine(clone, ".data"), Path.Combine(clone, ".data", "tools"));

    private IConfiguration Settings(params (string Key, string Value)[] more) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection([new(PostgresFolders.FallbackDirectoryKey, _fallback), .. more.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))])
            .Build();

    public void Dispose()
    {
        TestTools.DeleteDataDirectory(_private.FullName);
        TestTools.DeleteDataDirectory(_fallback);
    }
}
