using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Security;

namespace ApraNova.Api.Features.Support;

/// <summary>
/// Who sees which ticket and which messages: the one place these rules live, used by every
/// support endpoint (and by the account export).
/// <list type="bullet">
/// <item>The student who opened a ticket sees it; staff (admin, superadmin) see every ticket; a
/// trainer sees the tickets of the students they train (an enrollment naming them).</item>
/// <item>Internal notes are for staff only: <see cref="VisibleMessages"/> drops them for anyone
/// else, and so do the message counts and attachment downloads built on it.</item>
/// </list>
/// </summary>
public static class TicketAccess
{
    private static readonly EnrollmentStatus[] Trained = [EnrollmentStatus.Active, EnrollmentStatus.Suspended, EnrollmentStatus.Completed];

    public static IQueryable<SupportTicket> VisibleTo(this IQueryable<SupportTicket> tickets, ClaimsPrincipal caller, ApraNovaDbContext db)
    {
        if (caller.IsStaff())
            return tickets;
        var callerId = caller.GetUserId();
        if (caller.IsInRole(Roles.Trainer))
            return tickets.Where(t => db.Enrollments.Any(e => e.StudentId == t.StudentId && e.TrainerId == callerId && Trained.Contains(e.Status)));
        return tickets.Where(t => t.StudentId == callerId);
    }

    /// <summary>Whether the caller reads and writes internal notes.</summary>
    public static bool SeesInternalNotes(ClaimsPrincipal caller) => caller.IsStaff();

    public static IQueryable<TicketMessage> VisibleMessages(this IQueryable<TicketMessage> messages, ClaimsPrincipal caller) =>
        SeesInternalNotes(caller) ? messages : messages.Where(m => !m.IsInternal);

    /// <summary>Whether the caller speaks for the desk (their public reply answers the student) rather than as the student.</summary>
    public static bool AnswersFor(SupportTicket ticket, ClaimsPrincipal caller) => caller.GetUserId() != ticket.StudentId;
}
