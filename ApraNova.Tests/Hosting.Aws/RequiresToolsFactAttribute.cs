namespace ApraNova.Tests.Hosting.Aws;

/// <summary>A fact that is skipped, naming the tool, when a program it needs is missing (never under CI=true).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresToolsFactAttribute : FactAttribute
{
    public RequiresToolsFactAttribute(params string[] tools)
    {
        Skip = ExternalTool.SkipReason(tools);
    }
}
