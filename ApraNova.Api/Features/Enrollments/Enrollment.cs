using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;

namespace ApraNova.Api.Features.Enrollments;

/// <summary>A student's place in a track: its lifecycle state and the trainer who reviews the student's work.</summary>
public sealed class Enrollment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid StudentId { get; set; }
    public ApplicationUser? Student { get; set; }
    public Guid TrackId { get; set; }
    public Track? Track { get; set; }
    /// <summary>Null while the student waits in the "unassigned" list (every trainer of the track was full).</summary>
    public Guid? TrainerId { get; set; }
    public ApplicationUser? Trainer { get; set; }
    public EnrollmentStatus Status { get; set; } = EnrollmentStatus.Active;
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? EndedAt { get; set; }
    public string? EndReason { get; set; }

    /// <summary>Statuses that hold the student's single seat (see the unique index in the configuration).</summary>
    public static readonly EnrollmentStatus[] OpenStatuses = [EnrollmentStatus.PendingPayment, EnrollmentStatus.Active, EnrollmentStatus.Suspended];
}

public enum EnrollmentStatus
{
    PendingPayment,
    Active,
    Suspended,
    Completed,
    Withdrawn,
}
