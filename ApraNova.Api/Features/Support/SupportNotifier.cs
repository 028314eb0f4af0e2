using ApraNova.Api.Data;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Support;

/// <summary>
/// Tells people about what happens on their tickets. Every support event goes through
/// <see cref="NotifyAsync"/>, that is through <see cref="INotifier"/>: an in-app notification of
/// kind <see cref="NotificationKind.SupportTicketUpdated"/> and, unless the recipient switched that
/// kind's email off, the same words by email (through the outbox). Called inside the transaction
/// that saves the change (<see cref="SupportEndpoints.SaveAndTellAsync"/>), so a change and its
/// notices commit together.
/// Who hears of what:
/// <list type="bullet">
/// <item>A new ticket → the student (a receipt of the request).</item>
/// <item>A public answer from the desk (staff or trainer), a resolution or reopening by someone else → the student.</item>
/// <item>A reply, resolution or reopening by the student → the assignee, or (while nobody is assigned) the student's trainer.</item>
/// <item>An internal note → the assignee (never the student, whatever happens).</item>
/// <item>An assignment → the new assignee.</item>
/// </list>
/// Each notice's dedupe key names the event (the message, the n-th resolution or reopening, the
/// ticket version an assignment produced), so telling the same event again (a retried call) adds
/// nothing while every new reply is told once.
/// </summary>
public sealed class SupportNotifier(ApraNovaDbContext db, INotifier notifier)
{
    public Task TicketOpenedAsync(SupportTicket ticket, CancellationToken cancellationToken) =>
        NotifyAsync(ticket.StudentId, $"support:{ticket.Id}:opened", $"We received your request: {ticket.Subject}",
            "Thank you for writing to us. We will answer in this ticket; you get an email when we do.", StudentLink(ticket), cancellationToken);

    public async Task MessageAddedAsync(SupportTicket ticket, TicketMessage message, string authorName, CancellationToken cancellationToken)
    {
        var key = $"support:message:{message.Id}";
        if (message.IsInternal)
        {
            // Assignees are staff members; the student check keeps a note from ever reaching the student.
            if (ticket.AssigneeId is { } assignee && assignee != message.AuthorId && assignee != ticket.StudentId)
                await NotifyAsync(assignee, key, $"Internal note on: {ticket.Subject}",
                    $"{authorName} added an internal note:\n\n{message.Body}", DeskLink(ticket), cancellationToken);
            return;
        }
        if (message.AuthorId != ticket.StudentId)
        {
            await NotifyAsync(ticket.StudentId, key, $"New answer to your request: {ticket.Subject}",
                $"{authorName} answered:\n\n{message.Body}", StudentLink(ticket), cancellationToken);
            return;
        }
        foreach (var recipient in await DeskRecipientsAsync(ticket, cancellationToken))
            await NotifyAsync(recipient, key, $"Student replied: {ticket.Subject}",
                $"{authorName} wrote:\n\n{message.Body}", DeskLink(ticket), cancellationToken);
    }

    public async Task StateChangedAsync(SupportTicket ticket, Guid actorId, CancellationToken cancellationToken)
    {
        var resolved = ticket.State == TicketState.Resolved;
        // The n-th resolution follows n reopenings, and each reopening counts itself: one key per state change.
        var key = $"support:{ticket.Id}:{(resolved ? "resolved" : "reopened")}:{ticket.ReopenCount}";
        if (actorId != ticket.StudentId)
        {
            var (subject, text) = resolved
                ? ($"Your request is resolved: {ticket.Subject}", "We marked your request as resolved. If it is not, you can reopen it from the ticket page.")
                : ($"Your request is open again: {ticket.Subject}", "We reopened your request and will answer in the ticket.");
            await NotifyAsync(ticket.StudentId, key, subject, text, StudentLink(ticket), cancellationToken);
            return;
        }
        foreach (var recipient in await DeskRecipientsAsync(ticket, cancellationToken))
            await NotifyAsync(recipient, key,
                resolved ? $"Student resolved: {ticket.Subject}" : $"Student reopened: {ticket.Subject}",
                resolved ? "The student marked the request as resolved." : "The student reopened the request.",
                DeskLink(ticket), cancellationToken);
    }

    /// <summary>Tells the new assignee; the key is the ticket version the assignment saved (A → B → A tells A twice).</summary>
    public Task AssignedAsync(SupportTicket ticket, CancellationToken cancellationToken) =>
        ticket.AssigneeId is { } assignee
            ? NotifyAsync(assignee, $"support:{ticket.Id}:assigned:{ticket.Version}", $"Ticket assigned to you: {ticket.Subject}",
                "A support ticket is now yours.", DeskLink(ticket), cancellationToken)
            : Task.CompletedTask;

    /// <summary>
    /// The single place a support event reaches a person: in-app, and by email unless they opted
    /// out of support emails. The email keeps the desk's words: "[Ticket] …" subject, the text,
    /// then "Open the ticket: &lt;link&gt;" (the HTML part's button).
    /// </summary>
    private Task NotifyAsync(Guid recipientId, string dedupeKey, string subject, string text, string link, CancellationToken cancellationToken) =>
        notifier.NotifyAsync(new Notice(recipientId, NotificationKind.SupportTicketUpdated, dedupeKey,
            $"[Ticket] {subject}", text, link, ActionLabel: "Open the ticket"), cancellationToken);

    private async Task<IReadOnlyList<Guid>> DeskRecipientsAsync(SupportTicket ticket, CancellationToken cancellationToken)
    {
        if (ticket.AssigneeId is { } assignee)
            return [assignee];
        var trainer = await db.Enrollments.AsNoTracking()
            .Where(e => e.StudentId == ticket.StudentId && e.TrainerId != null && e.Status != EnrollmentStatus.PendingPayment)
            .OrderByDescending(e => e.CreatedAt).Select(e => e.TrainerId).FirstOrDefaultAsync(cancellationToken);
        return trainer is { } id ? [id] : [];
    }

    /// <summary>Web paths: the notification list opens them, the email prefixes the public address.</summary>
    private static string StudentLink(SupportTicket ticket) => $"/support/{ticket.Id}";
    private static string DeskLink(SupportTicket ticket) => $"/staff/support/{ticket.Id}";
}
