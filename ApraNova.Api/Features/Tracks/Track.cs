namespace ApraNova.Api.Features.Tracks;

/// <summary>A paid programme (DP, FSD): an ordered list of projects sold at one price.</summary>
public sealed class Track
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>Stable public key ("DP", "FSD") used in URLs, checkout and enrollments.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    /// <summary>Price in the currency's minor unit (cents), as Stripe expects it.</summary>
    public long PriceCents { get; set; }
    public string Currency { get; set; } = "usd";
    /// <summary>Who it is for, in a word or two ("Beginner to intermediate").</summary>
    public string Level { get; set; } = "";
    /// <summary>How much time it takes ("8–10 hours a week for about 12 weeks").</summary>
    public string Effort { get; set; } = "";
    /// <summary>What a student should know before starting, one item per entry.</summary>
    public List<string> Prerequisites { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
    public List<Project> Projects { get; set; } = [];
}

/// <summary>One project of a track; students work through them in <see cref="Position"/> order.</summary>
public sealed class Project : ICurriculumItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TrackId { get; set; }
    public Track? Track { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }
    public string Summary { get; set; } = "";
    public List<Step> Steps { get; set; } = [];
    public List<Deliverable> Deliverables { get; set; } = [];
}

/// <summary>A piece of guided work inside a project; students tick it done/undone.</summary>
public sealed class Step : ICurriculumItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; set; }
    public Project? Project { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }
    public string Instructions { get; set; } = "";
}

/// <summary>Something the student hands in for review; its <see cref="Kind"/> decides what a submission must contain.</summary>
public sealed class Deliverable : ICurriculumItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; set; }
    public Project? Project { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }
    public string Instructions { get; set; } = "";
    public DeliverableKind Kind { get; set; }
    /// <summary>
    /// File deliverables only: the extensions accepted (".png", ".pdf"), a subset of the upload
    /// allow-list; empty accepts every allowed type.
    /// </summary>
    public List<string> AcceptedFileTypes { get; set; } = [];
    /// <summary>What the trainer checks before approving, one item per entry (the student sees it up front).</summary>
    public List<string> Rubric { get; set; } = [];
}

public enum DeliverableKind
{
    /// <summary>An absolute http(s) URL (a deployed app, a dashboard, a report).</summary>
    Link,
    /// <summary>A repository URL of the form https://github.com/owner/repo.</summary>
    Github,
    /// <summary>A file uploaded through <c>POST /api/files</c> by the student.</summary>
    File,
    /// <summary>Free text (a write-up, answers).</summary>
    Text,
}
