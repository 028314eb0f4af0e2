namespace ApraNova.Tests.Api.Mail;

/// <summary>
/// Sets process environment variables for one test and restores them after. Only for variables
/// nothing else in the test run reads (here: the AWS SDK's credential chain, used by the SES tests alone).
/// </summary>
public sealed class EnvironmentScope : IDisposable
{
    private readonly Dictionary<string, string?> _previous = new(StringComparer.Ordinal);

    public EnvironmentScope(IReadOnlyDictionary<string, string?> variables)
    {
        foreach (var (name, value) in variables)
        {
            _previous[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
