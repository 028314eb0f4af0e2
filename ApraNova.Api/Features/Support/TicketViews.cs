using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Support;

/// <summary>A ticket as lists show it. <see cref="MessageCount"/> counts only the messages the caller may read.</summary>
public sealed record TicketSummary(
    Guid Id, string Subject, TicketCategory Category, TicketState State,
    Guid StudentId, string StudentName, string StudentEmail, Guid? AssigneeId, string? AssigneeName,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FirstResponseAt, DateTimeOffset? ResolvedAt, int MessageCount);

public sealed record TicketAttachmentView(Guid FileId, string Name, string ContentType, long SizeBytes);

/// <summary>One message of a thread. <see cref="AuthorRole"/> is "student", "trainer" or "staff".</summary>
public sealed record TicketMessageView(
    Guid Id, Guid? AuthorId, string AuthorName, string AuthorRole, bool IsInternal, string Body, DateTimeOffset CreatedAt,
    IReadOnlyList<TicketAttachmentView> Attachments);

/// <summary>A ticket with the messages the caller may read, and what the caller may do next.</summary>
public sealed record TicketThread(
    TicketSummary Ticket, IReadOnlyList<TicketMessageView> Messages,
    bool CanReply, bool CanResolve, bool CanReopen, DateTimeOffset? ReopenUntil, bool CanWriteInternalNotes);

/// <summary>Projections of tickets and threads, always through <see cref="TicketAccess"/>.</summary>
public static class TicketViews
{
    public static IQueryable<TicketSummary> ToSummaries(this IQueryable<SupportTicket> tickets, ClaimsPrincipal caller, ApraNovaDbContext db)
    {
        var withNotes = TicketAccess.SeesInternalNotes(caller);
        return tickets.Select(t => new TicketSummary(
            t.Id, t.Subject, t.Category, t.State,
            t.StudentId, t.Student!.FullName, t.Student.Email ?? "", t.AssigneeId, t.Assignee == null ? null : t.Assignee.FullName,
            t.CreatedAt, t.UpdatedAt, t.FirstResponseAt, t.ResolvedAt,
            db.Set<TicketMessage>().Count(m => m.TicketId == t.Id && (withNotes || !m.IsInternal))));
    }

    public static async Task<IReadOnlyList<TicketMessageView>> LoadThreadAsync(
        ApraNovaDbContext db, SupportTicket ticket, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var rows = await db.Set<TicketMessage>().AsNoTracking()
            .Where(m => m.TicketId == ticket.Id)
            .VisibleMessages(caller)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => new
            {
                m.Id, m.AuthorId, AuthorName = m.Author == null ? null : m.Author.FullName, m.IsInternal, m.Body, m.CreatedAt,
                RoleId = db.UserRoles.Where(link => link.UserId == m.AuthorId).Select(link => (Guid?)link.RoleId).FirstOrDefault(),
                Attachments = m.Attachments.OrderBy(a => a.File!.CreatedAt)
                    .Select(a => new TicketAttachmentView(a.FileId, a.File!.OriginalName, a.File.ContentType, a.File.SizeBytes)).ToList(),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(m => new TicketMessageView(
            m.Id, m.AuthorId, m.AuthorName ?? "Deleted user", AuthorRole(m.AuthorId, ticket.StudentId, m.RoleId), m.IsInternal, m.Body, m.CreatedAt,
            m.Attachments))];
    }

    private static string AuthorRole(Guid? authorId, Guid studentId, Guid? roleId)
    {
        if (authorId == studentId)
            return Roles.Student;
        var role = roleId is { } id ? UserRoleQueries.RoleName(id) : null;
        return role == Roles.Trainer ? Roles.Trainer : role is Roles.Admin or Roles.SuperAdmin ? "staff" : role ?? "staff";
    }
}
