using ApraNova.Hosting.Postgres;

namespace ApraNova.Tests.Infrastructure;

/// <summary>A test about running as root (PostgreSQL as <c>nobody</c>): skipped, and said so, when the tests run as another user.</summary>
public sealed class RootOnlyFactAttribute : FactAttribute
{
    public RootOnlyFactAttribute()
    {
        if (!UnprivilegedUser.RunningAsRoot)
        {
            Skip = "Only meaningful when the tests run as root (as CI does).";
        }
    }
}
