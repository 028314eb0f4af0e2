using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;

namespace ApraNova.Tests.Faults;

/// <summary>
/// Sends a fault test's requests and remembers every one (<see cref="Attempt"/>), on one clock
/// shared with the fault's own moments (<see cref="Mark"/>), so the figures say what failed when.
/// </summary>
public sealed class LoadRecorder
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<Attempt> _attempts = new();
    private readonly ConcurrentDictionary<string, double> _marks = new();

    /// <summary>Seconds since the load began.</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    public IReadOnlyList<Attempt> Attempts => [.. _attempts];

    /// <summary>Records a moment of the fault ("killed", "back") and returns it.</summary>
    public double Mark(string name) => _marks[name] = Now;

    public double this[string mark] => _marks[mark];

    /// <summary>Sends the request; never throws for a failed exchange (it is recorded as such).</summary>
    public async Task<Attempt> SendAsync(string client, string kind, string key, HttpClient http, Func<HttpRequestMessage> request)
    {
        var start = Now;
        Attempt attempt;
        try
        {
            using var message = request();
            using var response = await http.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();
            attempt = new Attempt(client, kind, key, start, Now, (int)response.StatusCode, null, body);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            attempt = new Attempt(client, kind, key, start, Now, 0, Describe(ex), "");
        }
        _attempts.Enqueue(attempt);
        return attempt;
    }

    /// <summary>Successful requests of <paramref name="client"/> that started after <paramref name="after"/>.</summary>
    public int SuccessesAfter(string client, double after) =>
        _attempts.Count(a => a.Client == client && a.Start >= after && a.Acknowledged);

    public int Successes => _attempts.Count(a => a.Acknowledged);

    /// <summary>
    /// The figures: requests, acknowledged, failures by outcome, when failures began and ended
    /// relative to the marks, and per kind.
    /// </summary>
    public string Figures(Func<Attempt, bool>? counted = null)
    {
        var attempts = Attempts.Where(counted ?? (_ => true)).ToList();
        var failed = attempts.Where(a => !a.Acknowledged).ToList();
        var text = new StringBuilder();
        var outcomes = failed.Count == 0 ? "" : $" ({string.Join(", ", failed.GroupBy(a => a.Outcome).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} ×{g.Count()}"))})";
        text.AppendLine(CultureInfo.InvariantCulture, $"requests {attempts.Count}, 2xx {attempts.Count(a => a.Acknowledged)}, failed {failed.Count}{outcomes}");
        foreach (var kind in attempts.GroupBy(a => a.Kind).OrderBy(g => g.Key))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {kind.Key,-10} requests {kind.Count(),5}, 2xx {kind.Count(a => a.Acknowledged),5}, failed {kind.Count(a => !a.Acknowledged)}");
        }
        if (failed.Count > 0)
        {
            var first = failed.Min(a => a.Start);
            var last = failed.Max(a => a.End);
            text.AppendLine(CultureInfo.InvariantCulture, $"failures from t={first:0.00}s to t={last:0.00}s ({last - first:0.00}s)");
            foreach (var failure in failed.GroupBy(a => (a.Kind, a.Outcome)).Select(g => g.First()))
            {
                var body = failure.Body.Length > 300 ? failure.Body[..300] + "…" : failure.Body;
                text.AppendLine(CultureInfo.InvariantCulture, $"  e.g. {failure.Kind} at t={failure.Start:0.00}s: {failure.Outcome} {body}");
            }
        }
        foreach (var (name, at) in _marks.OrderBy(m => m.Value))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  t={at:0.00}s {name}");
        }
        return text.ToString();
    }

    public void Print(ITestOutputHelper output, string title, Func<Attempt, bool>? counted = null)
    {
        output.WriteLine($"== {title}");
        foreach (var line in Figures(counted).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            output.WriteLine(line.TrimEnd('\r'));
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        TaskCanceledException => "timeout",
        HttpRequestException { InnerException: SocketException socket } => socket.SocketErrorCode.ToString(),
        HttpRequestException { HttpRequestError: var error } when error != HttpRequestError.Unknown => error.ToString(),
        _ => ex.GetType().Name,
    };
}
