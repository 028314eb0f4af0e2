using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Support;

/// <summary>
/// The staff queue's filters: <c>state</c>, <c>assignee</c> (<c>me</c>, <c>none</c> or a user id),
/// <c>category</c>, <c>minAgeHours</c> (opened at least that long ago) and <c>search</c> (subject or
/// the student's name or email).
/// </summary>
/// <remarks>Attributes on the properties, not the constructor: see <see cref="PageRequest"/>.</remarks>
public sealed record TicketQueueFilter(
    [property: RegularExpression(TicketQueueFilter.StatePattern, ErrorMessage = TicketQueueFilter.StateMessage)] string? State = null,
    [property: RegularExpression("(?i)me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        ErrorMessage = "Use me, none or a user id.")] string? Assignee = null,
    [property: RegularExpression("(?i)learning|technical|billing|account|other",
        ErrorMessage = "Use one of: learning, technical, billing, account, other.")] string? Category = null,
    [property: Range(0, 24 * 365, ErrorMessage = "Between 0 and 8760 hours.")] int? MinAgeHours = null,
    [property: StringLength(200)] string? Search = null)
{
    public const string StatePattern = "(?i)open|answered|resolved";
    public const string StateMessage = "Use one of: open, answered, resolved.";

    /// <summary>A state validation has accepted (or none).</summary>
    public static TicketState? ParseState(string? state) =>
        string.IsNullOrWhiteSpace(state) ? null : Enum.Parse<TicketState>(state, ignoreCase: true);

    public TicketCategory? ParseCategory() =>
        string.IsNullOrWhiteSpace(Category) ? null : Enum.Parse<TicketCategory>(Category, ignoreCase: true);
}

public sealed record AssignTicketRequest(Guid? AssigneeId);

public sealed record SupportAssignee(Guid Id, string FullName, string Email);

/// <summary>The staff side of the desk (mapped under <c>/api/admin/support</c> by <see cref="SupportFeature"/>): the queue and assignment.</summary>
internal static class SupportAdminEndpoints
{
    public static RouteGroupBuilder MapSupportAdminEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/tickets", QueueAsync)
            .ProducesValidationProblem()
            .WithName("SupportQueue")
            .WithSummary("The support queue, oldest first, filtered by state, assignee, category, age and text.");

        group.MapPut("/tickets/{id:guid}/assignee", AssignAsync)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("AssignTicket")
            .WithSummary("Gives the ticket to a staff member (admin or superadmin), or back to the shared queue with null.");

        group.MapGet("/assignees", async (ApraNovaDbContext db, CancellationToken ct) =>
                TypedResults.Ok(await StaffMembers(db).OrderBy(u => u.FullName).ThenBy(u => u.Email)
                    .Select(u => new SupportAssignee(u.Id, u.FullName, u.Email ?? "")).ToListAsync(ct)))
            .WithName("ListSupportAssignees")
            .WithSummary("The staff members a ticket can be assigned to.");
        return group;
    }

    private static async Task<Ok<Paged<TicketSummary>>> QueueAsync(
        [AsParameters] TicketQueueFilter filter, [AsParameters] PageRequest paging, ClaimsPrincipal caller, ApraNovaDbContext db,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var tickets = db.Set<SupportTicket>().AsNoTracking();
        if (TicketQueueFilter.ParseState(filter.State) is { } state)
            tickets = tickets.Where(t => t.State == state);
        if (filter.ParseCategory() is { } category)
            tickets = tickets.Where(t => t.Category == category);
        switch (filter.Assignee?.ToLowerInvariant())
        {
            case null or "":
                break;
            case "me":
                var me = caller.GetUserId();
                tickets = tickets.Where(t => t.AssigneeId == me);
                break;
            case "none":
                tickets = tickets.Where(t => t.AssigneeId == null);
                break;
            case var id:
                var assigneeId = Guid.Parse(id);
                tickets = tickets.Where(t => t.AssigneeId == assigneeId);
                break;
        }
        if (filter.MinAgeHours is { } hours)
        {
            var openedBefore = clock.GetUtcNow().AddHours(-hours);
            tickets = tickets.Where(t => t.CreatedAt <= openedBefore);
        }
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var pattern = $"%{filter.Search.Trim().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_")}%";
            tickets = tickets.Where(t => EF.Functions.ILike(t.Subject, pattern, @"\")
                || EF.Functions.ILike(t.Student!.FullName, pattern, @"\") || EF.Functions.ILike(t.Student.Email!, pattern, @"\"));
        }
        return TypedResults.Ok(await paging.ReadAsync(
            tickets.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).ToSummaries(caller, db), cancellationToken));
    }

    private static async Task<Results<Ok<TicketThread>, ValidationProblem, ProblemHttpResult>> AssignAsync(
        Guid id, AssignTicketRequest request, ClaimsPrincipal caller, ApraNovaDbContext db, IAuditLog audit, SupportNotifier notifier,
        IOptions<SupportOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var ticket = await db.Set<SupportTicket>().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (ticket is null)
            return Problems.NotFound("There is no such ticket.");
        if (request.AssigneeId is { } assigneeId && !await StaffMembers(db).AnyAsync(u => u.Id == assigneeId, cancellationToken))
            return Problems.Invalid("assigneeId", "Tickets are assigned to staff members (admins and superadmins).");
        if (ticket.AssigneeId != request.AssigneeId)
        {
            var before = new { ticket.AssigneeId };
            ticket.AssigneeId = request.AssigneeId;
            audit.Record(caller.GetUserId(), "support.ticket_assigned", "ticket", ticket.Id.ToString(), before, new { ticket.AssigneeId });
            // Taking a ticket oneself tells nobody.
            var tellAssignee = ticket.AssigneeId != caller.GetUserId();
            if (await SupportEndpoints.SaveAndTellAsync(db,
                    () => tellAssignee ? notifier.AssignedAsync(ticket, cancellationToken) : Task.CompletedTask, cancellationToken) is { } conflict)
                return conflict;
        }
        db.ChangeTracker.Clear();
        return TypedResults.Ok((await SupportEndpoints.ThreadOrNullAsync(db, id, caller, options.Value, clock, cancellationToken))!);
    }

    private static IQueryable<ApplicationUser> StaffMembers(ApraNovaDbContext db)
    {
        Guid[] staffRoles = [Roles.Ids[Roles.Admin], Roles.Ids[Roles.SuperAdmin]];
        return db.Users.AsNoTracking().Where(u => db.UserRoles.Any(link => link.UserId == u.Id && staffRoles.Contains(link.RoleId)));
    }
}
