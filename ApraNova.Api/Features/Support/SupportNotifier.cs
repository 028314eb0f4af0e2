using ApraNova.Api.Data;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Mail;
using ApraNova.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Support;

/// <summary>
/// Tells people about what happens on their tickets. Every support event goes through
/// <see cref="NotifyAsync"/>: today an email through the outbox; the in-app notification of
/// the same event is to be added THERE, in one place, when Features/Notifications exists.
/// Who hears of what:
/// <list type="bullet">
/// <item>A public answer from the desk (staff or trainer), a resolution by someone else → the student.</item>
/// <item>A reply from the student → the assignee, or (while nobody is assigned) the student's trainer.</item>
/// <item>An internal note → the assignee (never the student, whatever happens).</item>
/// <item>An assignment → the new assignee.</item>
/// </list>
/// </summary>
public sealed class SupportNotifier(ApraNovaDbContext db, IEmailSender email, IOptions<AppOptions> app)
{
    private string PublicUrl => app.Value.PublicUrl.TrimEnd('/');

    public Task TicketOpenedAsync(SupportTicket ticket, CancellationToken cancellationToken) =>
        NotifyAsync(ticket.StudentId, ticket, $"We received your request: {ticket.Subject}",
            "Thank you for writing to us. We will answer in this ticket; you get an email when we do.", StudentLink(ticket), cancellationToken);

    public async Task MessageAddedAsync(SupportTicket ticket, TicketMessage message, string authorName, CancellationToken cancellationToken)
    {
        if (message.IsInternal)
        {
            if (ticket.AssigneeId is { } assignee && assignee != message.AuthorId)
                await NotifyAsync(assignee, ticket, $"Internal note on: {ticket.Subject}",
                    $"{authorName} added an internal note:\n\n{message.Body}", DeskLink(ticket), cancellationToken);
            return;
        }
        if (message.AuthorId != ticket.StudentId)
        {
            await NotifyAsync(ticket.StudentId, ticket, $"New answer to your request: {ticket.Subject}",
                $"{authorName} answered:\n\n{message.Body}", StudentLink(ticket), cancellationToken);
            return;
        }
        foreach (var recipient in await DeskRecipientsAsync(ticket, cancellationToken))
            await NotifyAsync(recipient, ticket, $"Student replied: {ticket.Subject}",
                $"{authorName} wrote:\n\n{message.Body}", DeskLink(ticket), cancellationToken);
    }

    public async Task StateChangedAsync(SupportTicket ticket, Guid actorId, CancellationToken cancellationToken)
    {
        if (actorId != ticket.StudentId)
        {
            var (subject, text) = ticket.State == TicketState.Resolved
                ? ($"Your request is resolved: {ticket.Subject}", "We marked your request as resolved. If it is not, you can reopen it from the ticket page.")
                : ($"Your request is open again: {ticket.Subject}", "We reopened your request and will answer in the ticket.");
            await NotifyAsync(ticket.StudentId, ticket, subject, text, StudentLink(ticket), cancellationToken);
            return;
        }
        foreach (var recipient in await DeskRecipientsAsync(ticket, cancellationToken))
            await NotifyAsync(recipient, ticket,
                ticket.State == TicketState.Resolved ? $"Student resolved: {ticket.Subject}" : $"Student reopened: {ticket.Subject}",
                ticket.State == TicketState.Resolved ? "The student marked the request as resolved." : "The student reopened the request.",
                DeskLink(ticket), cancellationToken);
    }

    public Task AssignedAsync(SupportTicket ticket, CancellationToken cancellationToken) =>
        ticket.AssigneeId is { } assignee
            ? NotifyAsync(assignee, ticket, $"Ticket assigned to you: {ticket.Subject}", "A support ticket is now yours.", DeskLink(ticket), cancellationToken)
            : Task.CompletedTask;

    /// <summary>
    /// The single place a support event reaches a person. The email goes to the outbox now;
    /// the in-app notification for <paramref name="recipientId"/> belongs here too, with the
    /// same subject and link, once the Notifications feature exists.
    /// </summary>
    private async Task NotifyAsync(Guid recipientId, SupportTicket ticket, string subject, string text, string link, CancellationToken cancellationToken)
    {
        var recipient = await db.Users.AsNoTracking().Where(u => u.Id == recipientId)
            .Select(u => new { u.Email, u.FullName }).SingleOrDefaultAsync(cancellationToken);
        if (recipient?.Email is not { Length: > 0 } address)
            return;
        await email.SendAsync(new EmailMessage(address, $"[Ticket] {subject}",
            $"""
            Hello{(string.IsNullOrWhiteSpace(recipient.FullName) ? "" : " " + recipient.FullName)},

            {text}

            Open the ticket: {link}

            The ApraNova team
            """), cancellationToken);
        // In-app notification (Features/Notifications): notify recipientId of `subject` with `link` here.
    }

    private async Task<IReadOnlyList<Guid>> DeskRecipientsAsync(SupportTicket ticket, CancellationToken cancellationToken)
    {
        if (ticket.AssigneeId is { } assignee)
            return [assignee];
        var trainer = await db.Enrollments.AsNoTracking()
            .Where(e => e.StudentId == ticket.StudentId && e.TrainerId != null && e.Status != EnrollmentStatus.PendingPayment)
            .OrderByDescending(e => e.CreatedAt).Select(e => e.TrainerId).FirstOrDefaultAsync(cancellationToken);
        return trainer is { } id ? [id] : [];
    }

    private string StudentLink(SupportTicket ticket) => $"{PublicUrl}/support/{ticket.Id}";
    private string DeskLink(SupportTicket ticket) => $"{PublicUrl}/staff/support/{ticket.Id}";
}
