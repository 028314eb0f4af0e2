using ApraNova.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Audit;

/// <summary>What an audit row is about, in words staff read: a name for the subject and the person it concerns.</summary>
public sealed record AuditSubject(string Label, Guid? UserId);

/// <summary>
/// Names the subjects of a page of audit entries with one query per subject type (users,
/// enrollments, payments, tickets, submissions, tracks), not one per row. A subject that no
/// longer exists keeps its type and id only.
/// </summary>
public static class AuditSubjects
{
    public static async Task<Dictionary<(string Type, string Id), AuditSubject>> ResolveAsync(
        ApraNovaDbContext db, IEnumerable<(string Type, string Id)> subjects, CancellationToken cancellationToken)
    {
        var result = new Dictionary<(string, string), AuditSubject>();
        var byType = subjects.Distinct().GroupBy(s => s.Type.ToLowerInvariant()).ToList();
        foreach (var group in byType)
        {
            var ids = group.Select(s => s.Id).ToList();
            var guids = ids.Select(id => Guid.TryParse(id, out var guid) ? guid : Guid.Empty).Where(g => g != Guid.Empty).ToList();
            Dictionary<string, AuditSubject> named = group.Key switch
            {
                "user" => await db.Users.AsNoTracking().Where(u => guids.Contains(u.Id))
                    .ToDictionaryAsync(u => u.Id.ToString(), u => new AuditSubject(Person(u.FullName, u.Email), u.Id), cancellationToken),
                "enrollment" => await db.Enrollments.AsNoTracking().Where(e => guids.Contains(e.Id))
                    .Select(e => new { e.Id, e.StudentId, e.Student!.FullName, e.Student.Email, e.Track!.Code })
                    .ToDictionaryAsync(e => e.Id.ToString(), e => new AuditSubject($"{Person(e.FullName, e.Email)} in {e.Code}", e.StudentId), cancellationToken),
                "payment" => await db.Payments.AsNoTracking().Where(p => guids.Contains(p.Id))
                    .Select(p => new { p.Id, p.UserId, p.Email, p.TrackCode, p.AmountCents, p.Currency })
                    .ToDictionaryAsync(p => p.Id.ToString(),
                        p => new AuditSubject($"{p.TrackCode} payment of {p.AmountCents / 100m:0.00} {p.Currency.ToUpperInvariant()} by {p.Email ?? "a visitor"}", p.UserId),
                        cancellationToken),
                "ticket" => await db.SupportTickets.AsNoTracking().Where(t => guids.Contains(t.Id))
                    .Select(t => new { t.Id, t.Subject, t.StudentId })
                    .ToDictionaryAsync(t => t.Id.ToString(), t => new AuditSubject($"Ticket “{t.Subject}”", t.StudentId), cancellationToken),
                "submission" => await db.Submissions.AsNoTracking().Where(s => guids.Contains(s.Id))
                    .Select(s => new { s.Id, s.StudentId, s.Deliverable!.Title, s.Enrollment!.Student!.FullName, s.Enrollment.Student.Email })
                    .ToDictionaryAsync(s => s.Id.ToString(), s => new AuditSubject($"“{s.Title}” by {Person(s.FullName, s.Email)}", s.StudentId), cancellationToken),
                "track" => await db.Tracks.AsNoTracking().Where(t => ids.Contains(t.Code))
                    .ToDictionaryAsync(t => t.Code, t => new AuditSubject($"{t.Name} ({t.Code})", null), cancellationToken),
                _ => [],
            };
            foreach (var subject in group)
                if (named.TryGetValue(subject.Id, out var found))
                    result[subject] = found;
        }
        return result;
    }

    private static string Person(string fullName, string? email) =>
        string.IsNullOrWhiteSpace(fullName) ? email ?? "unknown" : $"{fullName} ({email})";
}
