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
            // run-capped is the workplace's tool beside the repository, not something a clone or CI
            // installs: without it the rehearsal cannot apply the Fargate caps, so it says so and skips.
            ?? (File.Exists(RehearsalProcess.RunCapped) ? null : $"Needs {RehearsalProcess.RunCapped} (the Fargate CPU/memory caps), which is not beside this clone.");
    }
}
