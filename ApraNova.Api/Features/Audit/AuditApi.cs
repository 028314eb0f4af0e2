using System.Text.Json;
using ApraNova.Api.Data;
using ApraNova.Api.Infrastructure.Auth;
using ApraNova.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Audit;

public static class AuditApi
{
    public static IServiceCollection AddAudit(this IServiceCollection services) =>
        services.AddScoped<IAuditLog, AuditLog>();

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/audit")
            .WithTags("Audit")
            .RequireAuthorization(AuthorizationPolicies.Staff);

        group.MapGet("/", ListAuditEntries)
            .WithName("ListAuditEntries")
            .WithSummary("Audit entries, newest first, filtered by actor, action, subject and time.");
        return app;
    }

    public sealed record AuditEntryDto(
        Guid Id, DateTimeOffset OccurredAt, Guid? ActorId, string? ActorEmail, string Action,
        string SubjectType, string SubjectId, JsonElement? Before, JsonElement? After);

    public sealed record AuditPage(IReadOnlyList<AuditEntryDto> Items, int Page, int PageSize, int Total);

    private static async Task<Ok<AuditPage>> ListAuditEntries(
        ApraNovaDbContext db, CancellationToken cancellationToken,
        Guid? actorId = null, string? action = null, string? subjectType = null, string? subjectId = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null, int page = 1, int pageSize = 50)
    {
        (page, pageSize) = Paging.Normalize(page, pageSize);
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (actorId is { } actor) query = query.Where(entry => entry.ActorId == actor);
        if (!string.IsNullOrWhiteSpace(action)) query = query.Where(entry => entry.Action == action);
        if (!string.IsNullOrWhiteSpace(subjectType)) query = query.Where(entry => entry.SubjectType == subjectType);
        if (!string.IsNullOrWhiteSpace(subjectId)) query = query.Where(entry => entry.SubjectId == subjectId);
        if (from is { } start) query = query.Where(entry => entry.OccurredAt >= start);
        if (to is { } end) query = query.Where(entry => entry.OccurredAt < end);

        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderByDescending(entry => entry.OccurredAt).ThenByDescending(entry => entry.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(entry => new
            {
                entry,
                ActorEmail = db.Users.Where(user => user.Id == entry.ActorId).Select(user => user.Email).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);

        var items = rows.Select(row => new AuditEntryDto(
            row.entry.Id, row.entry.OccurredAt, row.entry.ActorId, row.ActorEmail, row.entry.Action,
            row.entry.SubjectType, row.entry.SubjectId, Parse(row.entry.Before), Parse(row.entry.After))).ToList();
        return TypedResults.Ok(new AuditPage(items, page, pageSize, total));
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
