using System.Text;
using Microsoft.Extensions.Logging;

namespace ApraNova.Hosting.Setup;

/// <summary>A logger that keeps the lines it is given, to read a command's output (e.g. a version) afterwards.</summary>
internal sealed class OutputCollector : ILogger
{
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lock)
        {
            _output.AppendLine(formatter(state, exception));
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return _output.ToString();
        }
    }
}
