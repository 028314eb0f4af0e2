namespace ApraNova.AppHost.Infrastructure;

/// <summary>
/// Something the machine lacks before anything can start. <c>dotnet run</c> prints it as one
/// message (problem and fix) and exits; under the test host it surfaces as this exception.
/// </summary>
public sealed class PrerequisiteException(string problem, string fix) : Exception($"{problem} {fix}")
{
    public string Problem { get; } = problem;

    public string Fix { get; } = fix;
}
