namespace ApraNova.Tests.Hosting.Aws;

/// <summary>Where the repository's files are, from the test output folder.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ApraNova.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ApraNova.sln not found above the test output folder.");
    }
}
