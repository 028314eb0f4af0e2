using ApraNova.Api.Data;
using ApraNova.Api.Features.Submissions;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Learning;

/// <summary>What one enrollment has done (unlocked projects, ticked steps, submissions): the input of <see cref="ProgressReport"/>.</summary>
public sealed record ProgressFacts(ProgressReport.Facts Report, IReadOnlyDictionary<Guid, SubmissionStateView> Submissions)
{
    public static async Task<ProgressFacts> LoadAsync(ApraNovaDbContext db, Guid enrollmentId, CancellationToken cancellationToken) =>
        (await LoadManyAsync(db, [enrollmentId], cancellationToken))[enrollmentId];

    /// <summary>
    /// The facts of several enrollments with three set-based, indexed queries whatever their
    /// number (a trainer's student list), never three queries per enrollment.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, ProgressFacts>> LoadManyAsync(
        ApraNovaDbContext db, IReadOnlyCollection<Guid> enrollmentIds, CancellationToken cancellationToken)
    {
        var unlocked = (await db.ProjectProgress.AsNoTracking().Where(p => enrollmentIds.Contains(p.EnrollmentId)).ToListAsync(cancellationToken))
            .ToLookup(p => p.EnrollmentId);
        var doneSteps = (await db.StepCompletions.AsNoTracking().Where(c => enrollmentIds.Contains(c.EnrollmentId))
            .Select(c => new { c.EnrollmentId, c.StepId }).ToListAsync(cancellationToken))
            .ToLookup(c => c.EnrollmentId, c => c.StepId);
        var submissions = (await db.Submissions.AsNoTracking().Where(s => enrollmentIds.Contains(s.EnrollmentId))
            .Select(s => new { s.EnrollmentId, s.DeliverableId, View = new SubmissionStateView(s.Id, s.Status, s.Attempt, s.Feedback, s.SubmittedAt, s.ReviewedAt) })
            .ToListAsync(cancellationToken))
            .ToLookup(s => s.EnrollmentId);

        return enrollmentIds.Distinct().ToDictionary(id => id, id => Create(
            unlocked[id], doneSteps[id], submissions[id].Select(s => (s.DeliverableId, s.View))));
    }

    /// <summary>Assembles the facts from rows however they were read (see also the dashboard's single-statement query).</summary>
    public static ProgressFacts Create(IEnumerable<ProjectProgress> unlocked, IEnumerable<Guid> doneSteps,
        IEnumerable<(Guid DeliverableId, SubmissionStateView View)> submissions)
    {
        var byDeliverable = submissions.ToDictionary(s => s.DeliverableId, s => s.View);
        return new ProgressFacts(
            new ProgressReport.Facts(
                unlocked.ToDictionary(p => p.ProjectId),
                doneSteps.ToHashSet(),
                byDeliverable.Where(s => s.Value.Status == SubmissionStatus.Approved).Select(s => s.Key).ToHashSet()),
            byDeliverable);
    }
}
