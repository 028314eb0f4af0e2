namespace ApraNova.Tests.Faults;

/// <summary>
/// One request of a fault test's load: who sent it, what it was (<paramref name="Kind"/>, and the
/// <paramref name="Key"/> that finds its write in the database), when it started and ended (seconds
/// since the load began) and how it ended: an HTTP status, or 0 with the transport error.
/// </summary>
public sealed record Attempt(string Client, string Kind, string Key, double Start, double End, int Status, string? Error, string Body)
{
    /// <summary>Acknowledged: the api answered 2xx, so whatever it wrote must be there afterwards.</summary>
    public bool Acknowledged => Status is >= 200 and < 300;

    /// <summary>How it failed, for the figures: the status, or the transport error's kind.</summary>
    public string Outcome => Status != 0 ? Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : Error ?? "error";
}
