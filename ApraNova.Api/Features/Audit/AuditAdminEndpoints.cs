using System.Text.Json;
using ApraNova.Api.Data;
using ApraNova.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Audit;

/// <summary>
/// One audit entry. <see cref="ActorName"/> and <see cref="SubjectLabel"/> name who and what in
/// words; <see cref="SubjectUserId"/> is the person the subject concerns (the user, the student of
/// an enrollment, ticket or submission, the buyer of a payment), for a link to their page.
/// </summary>
public sealed record AuditEntryDto(
    Guid Id, DateTimeOffset OccurredAt, Guid? ActorId, string? ActorEmail, string? ActorName, string Action,
    string SubjectType, string SubjectId, string? SubjectLabel, Guid? SubjectUserId, JsonElement? Before, JsonElement? After);

/// <summary>The audit log for staff (mapped under <c>/api/admin/audit</c> by <see cref="AuditFeature"/>).</summary>
internal static class AuditAdminEndpoints
{
    public static RouteGroupBuilder MapAuditAdminEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListAuditEntries)
            .ProducesValidationProblem()
            .WithName("ListAuditEntries")
            .WithSummary("Audit entries, newest first, filtered by actor (id, or part of the email or name), action, subject and time.");
        group.MapGet("/actions", async (ApraNovaDbContext db, CancellationToken ct) =>
                TypedResults.Ok(await db.AuditEntries.AsNoTracking().Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(ct)))
            .WithName("ListAuditActions")
            .WithSummary("The actions that occur in the audit log, for the action filter.");
        return group;
    }

    private static async Task<Ok<Paged<AuditEntryDto>>> ListAuditEntries(
        [AsParameters] PageRequest paging, ApraNovaDbContext db, CancellationToken cancellationToken,
        Guid? actorId = null, string? actor = null, string? action = null, string? subjectType = null, string? subjectId = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (actorId is { } actorGuid) query = query.Where(entry => entry.ActorId == actorGuid);
        if (!string.IsNullOrWhiteSpace(actor))
        {
            var pattern = $"%{actor.Trim().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_")}%";
            query = query.Where(entry => db.Users.Any(user => user.Id == entry.ActorId
                && (EF.Functions.ILike(user.Email!, pattern, @"\") || EF.Functions.ILike(user.FullName, pattern, @"\"))));
        }
        if (!string.IsNullOrWhiteSpace(action)) query = query.Where(entry => entry.Action == action);
        if (!string.IsNullOrWhiteSpace(subjectType)) query = query.Where(entry => entry.SubjectType == subjectType);
        if (!string.IsNullOrWhiteSpace(subjectId)) query = query.Where(entry => entry.SubjectId == subjectId);
        if (from is { } start) query = query.Where(entry => entry.OccurredAt >= start);
        if (to is { } end) query = query.Where(entry => entry.OccurredAt < end);

        var page = await paging.ReadAsync(query
            .OrderByDescending(entry => entry.OccurredAt).ThenByDescending(entry => entry.Id)
            .Select(entry => new
            {
                entry,
                Actor = db.Users.Where(user => user.Id == entry.ActorId).Select(user => new { user.Email, user.FullName }).FirstOrDefault(),
            }), cancellationToken);

        var subjects = await AuditSubjects.ResolveAsync(db, page.Items.Select(row => (row.entry.SubjectType, row.entry.SubjectId)), cancellationToken);
        return TypedResults.Ok(page.Select(row =>
        {
            var subject = subjects.GetValueOrDefault((row.entry.SubjectType, row.entry.SubjectId));
            return new AuditEntryDto(
                row.entry.Id, row.entry.OccurredAt, row.entry.ActorId, row.Actor?.Email, row.Actor?.FullName, row.entry.Action,
                row.entry.SubjectType, row.entry.SubjectId, subject?.Label, subject?.UserId, Parse(row.entry.Before), Parse(row.entry.After));
        }));
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
