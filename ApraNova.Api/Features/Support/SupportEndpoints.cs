using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Files;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Support;

public sealed record CreateTicketRequest(
    [Required, StringLength(SupportTicket.MaxSubjectLength, MinimumLength = 3)] string Subject,
    [Required(ErrorMessage = "Choose a category.")] TicketCategory? Category,
    [Required, StringLength(TicketMessage.MaxBodyLength, MinimumLength = 1)] string Message,
    [MaxLength(TicketMessage.MaxAttachments, ErrorMessage = "At most 5 attachments.")] Guid[]? AttachmentIds);

/// <summary>A reply, or with <see cref="Internal"/> an internal note (staff only).</summary>
public sealed record TicketReplyRequest(
    [Required, StringLength(TicketMessage.MaxBodyLength, MinimumLength = 1)] string Body,
    bool Internal = false,
    [MaxLength(TicketMessage.MaxAttachments, ErrorMessage = "At most 5 attachments.")] Guid[]? AttachmentIds = null);

/// <summary>The ticket list's filter (<c>?state=open|answered|resolved</c>).</summary>
/// <remarks>Attributes on the properties, not the constructor: see <see cref="PageRequest"/>.</remarks>
public sealed record TicketListFilter(
    [property: RegularExpression(TicketQueueFilter.StatePattern, ErrorMessage = TicketQueueFilter.StateMessage)] string? State = null)
{
    public TicketState? ParseState() => TicketQueueFilter.ParseState(State);
}

/// <summary>
/// The support desk for everyone involved in a ticket (mapped under <c>/api/support</c> by
/// <see cref="SupportFeature"/>): students open tickets and follow them; their trainer and staff
/// answer. What each caller sees is <see cref="TicketAccess"/>'s decision.
/// </summary>
internal static class SupportEndpoints
{
    public static RouteGroupBuilder MapSupportEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/tickets", OpenAsync)
            .RequireAuthorization(AuthorizationPolicies.Student)
            .ProducesValidationProblem()
            .WithName("OpenTicket")
            .WithSummary("Opens a support ticket (students). Attach files uploaded with POST /api/files by their ids.");

        group.MapGet("/tickets", ListAsync)
            .ProducesValidationProblem()
            .WithName("ListTickets")
            .WithSummary("The tickets the caller may see (a student's own, a trainer's students', staff: all), latest activity first.");

        group.MapGet("/tickets/{id:guid}", GetAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetTicket")
            .WithSummary("A ticket and its thread. Internal notes are included for staff only.");

        group.MapPost("/tickets/{id:guid}/messages", ReplyAsync)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ReplyToTicket")
            .WithSummary("Adds a reply to the thread (the other side is notified in-app and by email), or an internal note (staff only, never shown or notified to the student).");

        group.MapPost("/tickets/{id:guid}/resolve", ResolveAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ResolveTicket")
            .WithSummary("Marks the ticket resolved.");

        group.MapPost("/tickets/{id:guid}/reopen", ReopenAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ReopenTicket")
            .WithSummary("Reopens a resolved ticket: the student within the reopen window (14 days), staff and trainers at any time.");

        group.MapGet("/tickets/{id:guid}/attachments/{fileId:guid}", DownloadAttachmentAsync)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DownloadTicketAttachment")
            .WithSummary("Downloads a file attached to a message of the ticket that the caller may read.");
        return group;
    }

    private static async Task<Results<Created<TicketThread>, ValidationProblem, ProblemHttpResult>> OpenAsync(
        CreateTicketRequest request, ClaimsPrincipal caller, ApraNovaDbContext db, IAuditLog audit, SupportNotifier notifier,
        IOptions<SupportOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var studentId = caller.GetUserId();
        var subject = request.Subject.Trim();
        var body = request.Message.Trim();
        if (subject.Length < 3)
            return Problems.Invalid("subject", "Say in a few words what this is about.");
        if (body.Length == 0)
            return Problems.Invalid("message", "Describe what you need.");
        if (await OwnedFilesAsync(db, studentId, request.AttachmentIds, cancellationToken) is not { } files)
            return AttachmentsInvalid();

        var now = clock.GetUtcNow();
        var ticket = new SupportTicket
        {
            StudentId = studentId, Subject = subject, Category = request.Category!.Value, CreatedAt = now, UpdatedAt = now,
        };
        var message = new TicketMessage { TicketId = ticket.Id, AuthorId = studentId, Body = body, CreatedAt = now };
        message.Attachments.AddRange(files.Select(fileId => new TicketAttachment { MessageId = message.Id, FileId = fileId }));
        db.Add(ticket);
        db.Add(message);
        audit.Record(studentId, "support.ticket_opened", "ticket", ticket.Id.ToString(), null,
            new { ticket.Subject, Category = ticket.Category.ToString() });
        if (await SaveAndTellAsync(db, () => notifier.TicketOpenedAsync(ticket, cancellationToken), cancellationToken) is { } conflict)
            return conflict;

        return TypedResults.Created($"/api/support/tickets/{ticket.Id}",
            await ThreadAsync(db, ticket.Id, caller, options.Value, clock, cancellationToken));
    }

    private static async Task<Ok<Paged<TicketSummary>>> ListAsync(
        [AsParameters] TicketListFilter filter, [AsParameters] PageRequest paging, ClaimsPrincipal caller, ApraNovaDbContext db,
        CancellationToken cancellationToken)
    {
        var tickets = db.Set<SupportTicket>().AsNoTracking().VisibleTo(caller, db);
        if (filter.ParseState() is { } state)
            tickets = tickets.Where(t => t.State == state);
        return TypedResults.Ok(await paging.ReadAsync(
            tickets.OrderByDescending(t => t.UpdatedAt).ThenBy(t => t.Id).ToSummaries(caller, db), cancellationToken));
    }

    private static async Task<Results<Ok<TicketThread>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal caller, ApraNovaDbContext db, IOptions<SupportOptions> options, TimeProvider clock,
        CancellationToken cancellationToken) =>
        await ThreadOrNullAsync(db, id, caller, options.Value, clock, cancellationToken) is { } thread
            ? TypedResults.Ok(thread)
            : TicketNotFound();

    private static async Task<Results<Created<TicketThread>, ValidationProblem, ProblemHttpResult>> ReplyAsync(
        Guid id, TicketReplyRequest request, ClaimsPrincipal caller, ApraNovaDbContext db,
        SupportNotifier notifier, IOptions<SupportOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var ticket = await db.Set<SupportTicket>().VisibleTo(caller, db).SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (ticket is null)
            return TicketNotFound();
        if (request.Internal && !TicketAccess.SeesInternalNotes(caller))
            return Problems.Forbidden("Staff only", "Internal notes are written by staff.");
        var body = request.Body.Trim();
        if (body.Length == 0)
            return Problems.Invalid("body", "Write a message.");
        if (!request.Internal && ticket.State == TicketState.Resolved)
            return Problems.Conflict("Ticket resolved", "The ticket is resolved; reopen it to continue the conversation.");
        var authorId = caller.GetUserId();
        if (await OwnedFilesAsync(db, authorId, request.AttachmentIds, cancellationToken) is not { } files)
            return AttachmentsInvalid();

        var now = clock.GetUtcNow();
        var message = new TicketMessage { TicketId = ticket.Id, AuthorId = authorId, Body = body, IsInternal = request.Internal, CreatedAt = now };
        message.Attachments.AddRange(files.Select(fileId => new TicketAttachment { MessageId = message.Id, FileId = fileId }));
        db.Add(message);
        // Notes change nothing the student can see: not the state, not the timestamps.
        if (!request.Internal)
        {
            if (TicketAccess.AnswersFor(ticket, caller))
            {
                ticket.State = TicketState.Answered;
                ticket.FirstResponseAt ??= now;
            }
            else
            {
                ticket.State = TicketState.Open;
            }
            ticket.UpdatedAt = now;
        }
        var authorName = await db.Users.Where(u => u.Id == authorId).Select(u => u.FullName).SingleAsync(cancellationToken);
        if (await SaveAndTellAsync(db, () => notifier.MessageAddedAsync(ticket, message, authorName, cancellationToken), cancellationToken) is { } conflict)
            return conflict;
        return TypedResults.Created($"/api/support/tickets/{ticket.Id}",
            await ThreadAsync(db, ticket.Id, caller, options.Value, clock, cancellationToken));
    }

    private static async Task<Results<Ok<TicketThread>, ProblemHttpResult>> ResolveAsync(
        Guid id, ClaimsPrincipal caller, ApraNovaDbContext db, IAuditLog audit, SupportNotifier notifier,
        IOptions<SupportOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var ticket = await db.Set<SupportTicket>().VisibleTo(caller, db).SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (ticket is null)
            return TicketNotFound();
        if (ticket.State == TicketState.Resolved)
            return Problems.Conflict("Already resolved", "The ticket is already resolved.");

        var now = clock.GetUtcNow();
        var before = new { State = ticket.State.ToString() };
        ticket.State = TicketState.Resolved;
        ticket.ResolvedAt = now;
        ticket.UpdatedAt = now;
        var actorId = caller.GetUserId();
        audit.Record(actorId, "support.ticket_resolved", "ticket", ticket.Id.ToString(), before, new { State = ticket.State.ToString() });
        if (await SaveAndTellAsync(db, () => notifier.StateChangedAsync(ticket, actorId, cancellationToken), cancellationToken) is { } conflict)
            return conflict;
        return TypedResults.Ok(await ThreadAsync(db, ticket.Id, caller, options.Value, clock, cancellationToken));
    }

    private static async Task<Results<Ok<TicketThread>, ProblemHttpResult>> ReopenAsync(
        Guid id, ClaimsPrincipal caller, ApraNovaDbContext db, IAuditLog audit, SupportNotifier notifier,
        IOptions<SupportOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var ticket = await db.Set<SupportTicket>().VisibleTo(caller, db).SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (ticket is null)
            return TicketNotFound();
        if (ticket.State != TicketState.Resolved)
            return Problems.Conflict("Not resolved", "Only a resolved ticket can be reopened.");
        var now = clock.GetUtcNow();
        if (!MayReopen(ticket, caller, options.Value, now))
            return Problems.Conflict("Reopen window passed",
                $"A ticket can be reopened within {options.Value.ReopenWindow.TotalDays:0} days of its resolution; open a new ticket instead.");

        var before = new { State = ticket.State.ToString(), ticket.ResolvedAt };
        ticket.State = TicketState.Open;
        ticket.ResolvedAt = null;
        ticket.ReopenedAt = now;
        ticket.ReopenCount++;
        ticket.UpdatedAt = now;
        var actorId = caller.GetUserId();
        audit.Record(actorId, "support.ticket_reopened", "ticket", ticket.Id.ToString(), before, new { State = ticket.State.ToString() });
        if (await SaveAndTellAsync(db, () => notifier.StateChangedAsync(ticket, actorId, cancellationToken), cancellationToken) is { } conflict)
            return conflict;
        return TypedResults.Ok(await ThreadAsync(db, ticket.Id, caller, options.Value, clock, cancellationToken));
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAttachmentAsync(
        Guid id, Guid fileId, HttpContext http, ApraNovaDbContext db, IFileStore store, CancellationToken cancellationToken)
    {
        var caller = http.User;
        var visibleTicket = db.Set<SupportTicket>().VisibleTo(caller, db).Where(t => t.Id == id);
        var withNotes = TicketAccess.SeesInternalNotes(caller);
        var file = await db.Set<TicketAttachment>().AsNoTracking()
            .Where(a => a.FileId == fileId && a.Message!.TicketId == id && visibleTicket.Any())
            .Where(a => withNotes || !a.Message!.IsInternal)
            .Select(a => a.File!)
            .FirstOrDefaultAsync(cancellationToken);
        if (file is null || store.OpenRead(file.StoredName) is not { } content)
            return Problems.NotFound("There is no such attachment on this ticket.");
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(content, file.ContentType, fileDownloadName: file.OriginalName);
    }

    internal static bool MayReopen(SupportTicket ticket, ClaimsPrincipal caller, SupportOptions options, DateTimeOffset now) =>
        ticket.State == TicketState.Resolved
        && (TicketAccess.AnswersFor(ticket, caller) || ticket.ResolvedAt is { } resolved && now <= resolved + options.ReopenWindow);

    internal static async Task<TicketThread?> ThreadOrNullAsync(
        ApraNovaDbContext db, Guid id, ClaimsPrincipal caller, SupportOptions options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var ticket = await db.Set<SupportTicket>().AsNoTracking().VisibleTo(caller, db).SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (ticket is null)
            return null;
        var summary = await db.Set<SupportTicket>().AsNoTracking().Where(t => t.Id == id).ToSummaries(caller, db).SingleAsync(cancellationToken);
        var messages = await TicketViews.LoadThreadAsync(db, ticket, caller, cancellationToken);
        var now = clock.GetUtcNow();
        var isStudent = !TicketAccess.AnswersFor(ticket, caller);
        return new TicketThread(summary, messages,
            CanReply: ticket.State != TicketState.Resolved,
            CanResolve: ticket.State != TicketState.Resolved,
            CanReopen: MayReopen(ticket, caller, options, now),
            ReopenUntil: isStudent && ticket.ResolvedAt is { } resolved ? resolved + options.ReopenWindow : null,
            CanWriteInternalNotes: TicketAccess.SeesInternalNotes(caller));
    }

    private static async Task<TicketThread> ThreadAsync(
        ApraNovaDbContext db, Guid id, ClaimsPrincipal caller, SupportOptions options, TimeProvider clock, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await ThreadOrNullAsync(db, id, caller, options, clock, cancellationToken)
            ?? throw new InvalidOperationException($"Ticket {id} vanished while it was answered.");
    }

    /// <summary>The distinct ids when every one is a file the caller uploaded; null when any is not (unknown and foreign ids read alike).</summary>
    private static async Task<List<Guid>?> OwnedFilesAsync(ApraNovaDbContext db, Guid ownerId, Guid[]? ids, CancellationToken cancellationToken)
    {
        var wanted = (ids ?? []).Distinct().ToList();
        if (wanted.Count == 0)
            return wanted;
        var owned = await db.StoredFiles.CountAsync(f => wanted.Contains(f.Id) && f.OwnerId == ownerId, cancellationToken);
        return owned == wanted.Count ? wanted : null;
    }

    /// <summary>
    /// Saves the tracked change and tells people about it (<paramref name="tell"/>, through
    /// <see cref="SupportNotifier"/>) in one transaction: the notifications and their outbox emails
    /// commit with the change or not at all. The changes are accepted only after the commit, so an
    /// attempt the execution strategy retries saves them again, unless its COMMIT failed after
    /// committing (<see cref="ApraNovaDbContext.InTransactionAsync{T}"/>). A concurrent change to the ticket
    /// (its xmin moved) is a 409.
    /// </summary>
    internal static async Task<ProblemHttpResult?> SaveAndTellAsync(ApraNovaDbContext db, Func<Task> tell, CancellationToken cancellationToken)
    {
        try
        {
            await db.InTransactionAsync(async token =>
            {
                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, token);
                await tell();
            }, cancellationToken);
            db.ChangeTracker.AcceptAllChanges();
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("Changed at the same time", "Someone else changed this ticket a moment ago; reload and try again.");
        }
    }

    private static ValidationProblem AttachmentsInvalid() =>
        Problems.Invalid("attachmentIds", "Upload each file with POST /api/files first and send the ids it returns.");

    private static ProblemHttpResult TicketNotFound() => Problems.NotFound("There is no such ticket among yours.");
}
