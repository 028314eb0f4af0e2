namespace ApraNova.Tests.Hostile;

/// <summary>What the suite saw, by leg (direct, through the web, raw HTTP) and status class, and what it found wrong.</summary>
public sealed class HostileOutcome
{
    private readonly Dictionary<string, Dictionary<string, int>> counts = [];

    private readonly Dictionary<string, int> notes = [];

    public List<string> Violations { get; } = [];

    /// <summary>Counts something about requests already counted (e.g. refused by the HTTP server).</summary>
    public void Note(string what) => notes[what] = notes.GetValueOrDefault(what) + 1;

    public int Total { get; private set; }

    public void Count(string leg, string statusClass)
    {
        Total++;
        if (!counts.TryGetValue(leg, out var classes))
            counts[leg] = classes = [];
        classes[statusClass] = classes.GetValueOrDefault(statusClass) + 1;
    }

    public int CountOf(string leg) => counts.TryGetValue(leg, out var classes) ? classes.Values.Sum() : 0;

    public string Summary() => string.Join("; ", counts.OrderBy(c => c.Key).Select(leg =>
        $"{leg.Key}: {leg.Value.Values.Sum()} ({string.Join(", ", leg.Value.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))})"))
        + (notes.Count == 0 ? "" : "; of which " + string.Join(", ", notes.Select(n => $"{n.Key}: {n.Value}")));
}
