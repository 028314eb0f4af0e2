namespace ApraNova.Api.Features.Overview;

/// <summary>Students of one track by enrollment state.</summary>
public sealed record TrackStudentCounts(string TrackCode, string TrackName, int PendingPayment, int Active, int Suspended, int Completed, int Withdrawn);

/// <summary>
/// Money of one calendar month (UTC) in one currency: payments received that month, refunds made
/// that month (of payments that had been received), and the difference.
/// </summary>
public sealed record MonthlyRevenue(string Month, string Currency, int Payments, long GrossCents, int Refunds, long RefundedCents, long NetCents);

/// <summary>Work waiting for trainers, and how long reviews took over the last 30 days.</summary>
public sealed record ReviewFigures(int Awaiting, DateTimeOffset? OldestWaitingSince, int ReviewedLast30Days, double? MedianReviewHours);

public sealed record TrainerLoad(Guid TrainerId, string FullName, string Email, IReadOnlyList<string> Tracks, int OpenStudents, int Capacity, int AwaitingReview);

/// <summary>The support desk now, and its response times over tickets of the last 30 days.</summary>
public sealed record SupportFigures(int Open, int Answered, int Unassigned, int OpenedLast30Days, double? MedianFirstResponseHours,
    int ResolvedLast30Days, double? MedianResolutionHours);

/// <summary>The staff console's home: real figures from the database, computed on request.</summary>
public sealed record StaffOverview(DateTimeOffset GeneratedAt, IReadOnlyList<TrackStudentCounts> StudentsPerTrack,
    IReadOnlyList<MonthlyRevenue> Revenue, ReviewFigures Reviews, IReadOnlyList<TrainerLoad> Trainers, SupportFigures Support);
