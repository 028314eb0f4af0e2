namespace ApraNova.Hosting;

/// <summary>
/// Something the machine or the configuration lacks before anything can start, each with its fix.
/// Thrown while the AppHost builds its model (never once resources run); the AppHost's Program
/// prints <see cref="Exception.Message"/> as is and exits with a non-zero code.
/// </summary>
public sealed class HostingPrerequisiteException : Exception
{
    public HostingPrerequisiteException(string problem, string fix)
        : this([new HostingProblem(problem, fix)])
    {
    }

    public HostingPrerequisiteException(IReadOnlyList<HostingProblem> problems)
        : base(Describe(problems)) => Problems = problems;

    public IReadOnlyList<HostingProblem> Problems { get; }

    private static string Describe(IReadOnlyList<HostingProblem> problems)
    {
        if (problems.Count == 0)
        {
            throw new ArgumentException("At least one problem is needed.", nameof(problems));
        }
        return string.Join(Environment.NewLine, problems.Select(p => $"ApraNova cannot start: {p.Problem}{Environment.NewLine}  Fix: {p.Fix}"));
    }
}
