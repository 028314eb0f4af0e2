using Aspire.Hosting;
using Microsoft.Extensions.Configuration;

namespace ApraNova.Hosting.Infrastructure;

/// <summary>
/// Where the run-mode state lives. Defaults to <c>.data/</c> at the repository root (git-ignored,
/// survives restarts); tests point <c>ApraNova:DataDirectory</c> at a temporary folder.
/// </summary>
public sealed record LocalPaths(string DataDirectory, string ToolsDirectory)
{
    public const string DataDirectoryKey = "ApraNova:DataDirectory";
    public const string ToolsDirectoryKey = "ApraNova:ToolsDirectory";

    public string PostgresData => Path.Combine(DataDirectory, "postgres");
    public string RedisData => Path.Combine(DataDirectory, "redis");
    public string Files => Path.Combine(DataDirectory, "files");

    public static LocalPaths From(IDistributedApplicationBuilder builder)
    {
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var data = Path.GetFullPath(builder.Configuration[DataDirectoryKey] is { Length: > 0 } configured
            ? configured
            : Path.Combine(repositoryRoot, ".data"));
        var tools = Path.GetFullPath(builder.Configuration[ToolsDirectoryKey] is { Length: > 0 } configuredTools
            ? configuredTools
            : Path.Combine(data, "tools"));
        return new LocalPaths(data, tools);
    }
}
