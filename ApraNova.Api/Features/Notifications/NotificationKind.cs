namespace ApraNova.Api.Features.Notifications;

/// <summary>
/// Why someone is told something. Each kind is a preference the recipient can switch off for
/// email (the in-app list always keeps it). Stored by name, so adding a kind needs no migration.
/// </summary>
public enum NotificationKind
{
    /// <summary>A student: the trainer asked for a revision (the email carries the feedback).</summary>
    RevisionRequested,
    /// <summary>A student: a deliverable was approved.</summary>
    DeliverableApproved,
    /// <summary>A student: the next project is open.</summary>
    ProjectUnlocked,
    /// <summary>A student: every project is approved; the certificate is ready.</summary>
    TrackCompleted,
    /// <summary>A trainer: one of their students handed in (or resubmitted) a deliverable.</summary>
    SubmissionReceived,
    /// <summary>Either side of a submission: a new message in its thread.</summary>
    MessageReceived,
    /// <summary>
    /// Either side of a support ticket: the student hears of the desk's answers and state changes
    /// (and the receipt of a new ticket); the assignee, or the student's trainer, of the student's
    /// replies, state changes, internal notes and assignments.
    /// </summary>
    SupportTicketUpdated,
}
