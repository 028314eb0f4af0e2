using ApraNova.Api.Features.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Submissions;

/// <summary>
/// One attempt at a deliverable, as it was handed in and as it was judged: the history a reviewer
/// reads before deciding (earlier feedback included) and the student reads afterwards. The
/// <see cref="Submission"/> row holds the current attempt; this table keeps every attempt.
/// </summary>
public sealed class SubmissionAttempt
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SubmissionId { get; set; }
    public Submission? Submission { get; set; }
    public int Number { get; set; }
    public string? Content { get; set; }
    public Guid? FileId { get; set; }
    public StoredFile? File { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    /// <summary>Approved or RevisionRequested once reviewed; null while waiting.</summary>
    public SubmissionStatus? Decision { get; set; }
    public string? Feedback { get; set; }
    /// <summary>The deliverable's rubric as the reviewer ticked it for this attempt (a snapshot: later rubric edits do not rewrite it).</summary>
    public List<RubricCheck> Rubric { get; set; } = [];
    public Guid? ReviewedById { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
}

/// <summary>One rubric item and whether the reviewer found it met.</summary>
public sealed class RubricCheck
{
    public required string Item { get; set; }
    public bool Met { get; set; }
}

internal sealed class SubmissionAttemptConfiguration : IEntityTypeConfiguration<SubmissionAttempt>
{
    public void Configure(EntityTypeBuilder<SubmissionAttempt> attempt)
    {
        attempt.ToTable("submission_attempts");
        attempt.HasIndex(a => new { a.SubmissionId, a.Number }).IsUnique();
        attempt.Property(a => a.Content).HasMaxLength(20_000);
        attempt.Property(a => a.Feedback).HasMaxLength(8_000);
        attempt.Property(a => a.Decision).HasConversion<string>().HasMaxLength(32);
        attempt.OwnsMany(a => a.Rubric, rubric => rubric.ToJson());
        attempt.HasOne(a => a.Submission).WithMany().HasForeignKey(a => a.SubmissionId).OnDelete(DeleteBehavior.Cascade);
        attempt.HasOne(a => a.File).WithMany().HasForeignKey(a => a.FileId).OnDelete(DeleteBehavior.Restrict);
    }
}
