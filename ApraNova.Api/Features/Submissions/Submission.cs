using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Files;
using ApraNova.Api.Features.Tracks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApraNova.Api.Features.Submissions;

/// <summary>
/// The student's hand-in for one deliverable. There is exactly one row per enrollment and
/// deliverable (a unique index); a resubmission replaces the content and moves the state on, and
/// the audit log keeps the history of review decisions.
/// </summary>
public sealed class Submission
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EnrollmentId { get; set; }
    public Enrollment? Enrollment { get; set; }
    public Guid StudentId { get; set; }
    public Guid DeliverableId { get; set; }
    public Deliverable? Deliverable { get; set; }
    public Guid ProjectId { get; set; }
    public DeliverableKind Kind { get; set; }
    /// <summary>The URL (link, github) or the text (text kind); null for file kind.</summary>
    public string? Content { get; set; }
    public Guid? FileId { get; set; }
    public StoredFile? File { get; set; }
    public SubmissionStatus Status { get; set; } = SubmissionStatus.Submitted;
    public int Attempt { get; set; } = 1;
    public string? Feedback { get; set; }
    public Guid? ReviewedById { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    /// <summary>
    /// When a reviewer opened the current attempt for review. Until then the student may replace
    /// or withdraw it; from then on it is the reviewer's. Cleared by each new attempt.
    /// </summary>
    public DateTimeOffset? ReviewStartedAt { get; set; }
    public Guid? ReviewStartedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    /// <summary>When the current attempt was handed in: the review queue is ordered by it.</summary>
    public DateTimeOffset SubmittedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>PostgreSQL's xmin: a resubmission racing a review of the same row fails instead of overwriting it.</summary>
    public uint Version { get; set; }

    public bool AwaitsReview => Status is SubmissionStatus.Submitted or SubmissionStatus.Resubmitted;

    /// <summary>The student may still replace or withdraw the current attempt: handed in, and no reviewer has opened it.</summary>
    public bool StudentCanChange => AwaitsReview && ReviewStartedAt is null;
}

/// <summary>submitted → approved | revisionRequested → resubmitted → approved | revisionRequested ...</summary>
public enum SubmissionStatus
{
    Submitted,
    RevisionRequested,
    Resubmitted,
    Approved,
}

internal sealed class SubmissionConfiguration : IEntityTypeConfiguration<Submission>
{
    public void Configure(EntityTypeBuilder<Submission> submission)
    {
        submission.ToTable("submissions");
        submission.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        submission.Property(s => s.Status).HasConversion<string>().HasMaxLength(32);
        submission.Property(s => s.Content).HasMaxLength(20_000);
        submission.Property(s => s.Version).IsRowVersion();
        submission.Property(s => s.Feedback).HasMaxLength(8_000);
        // Two racing first submissions of the same deliverable: the second insert fails on this
        // index and is answered 409, never 500.
        submission.HasIndex(s => new { s.EnrollmentId, s.DeliverableId }).IsUnique();
        submission.HasIndex(s => new { s.StudentId, s.UpdatedAt });
        // The review queue: submissions awaiting review, oldest first.
        submission.HasIndex(s => new { s.Status, s.SubmittedAt });
        submission.HasOne(s => s.Enrollment).WithMany().HasForeignKey(s => s.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
        submission.HasOne(s => s.Deliverable).WithMany().HasForeignKey(s => s.DeliverableId).OnDelete(DeleteBehavior.Restrict);
        submission.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Restrict);
        submission.HasOne(s => s.File).WithMany().HasForeignKey(s => s.FileId).OnDelete(DeleteBehavior.Restrict);
    }
}
