using ApraNova.Tests.Hosting.Aws;

namespace ApraNova.Tests.Rehearsal;

/// <summary>
/// A fact that needs root (run-capped makes cgroups; the services run as their images' users)
/// and the given programs; skipped with the reason elsewhere, never under CI=true.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresRootFactAttribute : FactAttribute
{
    public RequiresRootFactAttribute(params string[] tools)
    {
        Skip = ExternalTool.SkipReason(tools)
            ?? (Environment.UserName == "root" || ExternalTool.InCi ? null : "Needs root (run-capped creates cgroups; the services run as their images' users); under CI=true this test runs and fails instead.")
            ?? (File.Exists(RehearsalProcess.RunCapped) || ExternalTool.InCi ? null : $"Needs {RehearsalProcess.RunCapped}; under CI=true this test runs and fails instead.");
    }
}
