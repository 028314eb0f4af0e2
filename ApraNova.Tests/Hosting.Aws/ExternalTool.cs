namespace ApraNova.Tests.Hosting.Aws;

/// <summary>
/// Programs some proofs need that nobody here wrote (cfn-lint, moto_server, the aws CLI). On a
/// machine without them the proofs are skipped with a message naming what is missing; under
/// <c>CI=true</c> they run anyway and fail, so CI can never pass without them.
/// </summary>
internal static class ExternalTool
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    /// <summary>The tool's path, or a failure that names it and how to install it.</summary>
    public static string Require(string name) =>
        Find(name) ?? throw new InvalidOperationException(
            $"'{name}' is not on PATH; install it with `pip install cfn-lint \"moto[server]\" awscli` (CI=true requires it).");

    /// <summary>Why a test needing these tools is skipped here, or null when it runs.</summary>
    public static string? SkipReason(string[] tools)
    {
        var missing = tools.Where(t => Find(t) is null).ToList();
        return missing.Count == 0 || InCi
            ? null
            : $"Needs {string.Join(", ", missing)} on PATH (pip install cfn-lint \"moto[server]\" awscli); under CI=true this test runs and fails instead.";
    }
}
