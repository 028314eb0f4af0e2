// TEMPORARY until branch `accounts` (owner of Features/Audit) is merged: the contract's
// IAuditLog so that learning code compiles against the final signature. Deleted at that merge.
namespace ApraNova.Api.Features.Audit
{
    public interface IAuditLog
    {
        void Record(Guid? actorId, string action, string subjectType, string subjectId, object? before, object? after);
    }

    internal sealed class LoggingOnlyAuditLog(ILogger<LoggingOnlyAuditLog> logger) : IAuditLog
    {
        public void Record(Guid? actorId, string action, string subjectType, string subjectId, object? before, object? after) =>
            logger.LogInformation("AUDIT {Actor} {Action} {SubjectType}/{SubjectId}", actorId, action, subjectType, subjectId);
    }
}
