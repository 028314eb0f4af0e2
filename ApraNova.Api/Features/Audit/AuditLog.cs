using System.Text.Json;
using ApraNova.Api.Data;

namespace ApraNova.Api.Features.Audit;

/// <summary>
/// Writes audit entries into the CURRENT unit of work: <see cref="Record"/> adds the row to the
/// scoped DbContext and the caller's <c>SaveChanges</c> commits it together with the change it
/// describes, so there is never a change without its audit row (or an audit row for a change
/// that rolled back).
/// </summary>
public interface IAuditLog
{
    void Record(Guid? actorId, string action, string subjectType, string subjectId, object? before, object? after);
}

public sealed class AuditLog(ApraNovaDbContext db, TimeProvider clock) : IAuditLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Record(Guid? actorId, string action, string subjectType, string subjectId, object? before, object? after) =>
        db.AuditEntries.Add(new AuditEntry
        {
            Id = Guid.CreateVersion7(),
            OccurredAt = clock.GetUtcNow(),
            ActorId = actorId,
            Action = action,
            SubjectType = subjectType,
            SubjectId = subjectId,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        });
}
