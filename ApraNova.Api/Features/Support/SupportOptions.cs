namespace ApraNova.Api.Features.Support;

/// <summary>Bound from <c>Support</c>.</summary>
public sealed class SupportOptions
{
    public const string Section = "Support";

    /// <summary>How long after a resolution the student may reopen the ticket; later they open a new one.</summary>
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromDays(14);
}
