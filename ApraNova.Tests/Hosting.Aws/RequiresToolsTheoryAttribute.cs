namespace ApraNova.Tests.Hosting.Aws;

/// <summary>A theory that is skipped, naming the tool, when a program it needs is missing (never under CI=true).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresToolsTheoryAttribute : TheoryAttribute
{
    public RequiresToolsTheoryAttribute(params string[] tools)
    {
        Skip = ExternalTool.SkipReason(tools);
    }
}
