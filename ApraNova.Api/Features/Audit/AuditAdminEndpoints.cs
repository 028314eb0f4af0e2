using System.Text.Json;
using ApraNova.Api.Data;
using ApraNova.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Audit;

public sealed record AuditEntryDto(
    Guid Id, DateTimeOffset OccurredAt, Guid? ActorId, string? ActorEmail, string Action,
    string SubjectType, string SubjectId, JsonElement? Before, JsonElement? After);

/// <summary>The audit log for staff (mapped under <c>/api/admin/audit</c> by <see cref="AuditFeature"/>).</summary>
internal static class AuditAdminEndpoints
{
    public static RouteGroupBuilder MapAuditAdminEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListAuditEntries)
            .ProducesValidationProblem()
            .WithName("ListAuditEntries")
            .WithSummary("Audit entries, newest first, filtered by actor, action, subject and time.");
        return group;
    }

    private static async Task<Ok<Paged<AuditEntryDto>>> ListAuditEntries(
        [AsParameters] PageRequest paging, ApraNovaDbContext db, CancellationToken cancellationToken,
        Guid? actorId = null, string? action = null, string? subjectType = null, string? subjectId = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (actorId is { } actor) query = query.Where(entry => entry.ActorId == actor);
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
                ActorEmail = db.Users.Where(user => user.Id == entry.ActorId).Select(user => user.Email).FirstOrDefault(),
            }), cancellationToken);

        return TypedResults.Ok(page.Select(row => new AuditEntryDto(
            row.entry.Id, row.entry.OccurredAt, row.entry.ActorId, row.ActorEmail, row.entry.Action,
            row.entry.SubjectType, row.entry.SubjectId, Parse(row.entry.Before), Parse(row.entry.After))));
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
