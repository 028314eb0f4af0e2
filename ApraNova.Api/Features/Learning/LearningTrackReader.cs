using ApraNova.Api.Data;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Tracks;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Learning;

/// <param name="InstructionsHtml">The instructions (Markdown) rendered as safe HTML.</param>
public sealed record StepView(Guid Id, int Position, string Title, string Instructions, bool Done, string InstructionsHtml);

/// <param name="Url">Link and GitHub kinds: what was handed in (the learning view only; null elsewhere).</param>
/// <param name="Text">Text kind: what was handed in (the learning view only).</param>
/// <param name="File">File kind: the uploaded file (the learning view only).</param>
/// <param name="CanChange">The student may still replace or withdraw this attempt (waiting, and no reviewer has opened it).</param>
/// <param name="Rubric">The current attempt's rubric as the trainer ticked it, once decided.</param>
public sealed record SubmissionStateView(Guid Id, SubmissionStatus Status, int Attempt, string? Feedback, DateTimeOffset SubmittedAt, DateTimeOffset? ReviewedAt,
    string? Url = null, string? Text = null, SubmittedFileView? File = null, bool CanChange = false, IReadOnlyList<RubricCheckView>? Rubric = null);

/// <param name="AcceptedFileTypes">File kind: the extensions accepted (empty: any allowed upload).</param>
/// <param name="Rubric">What the trainer checks before approving.</param>
public sealed record DeliverableView(Guid Id, int Position, string Title, string Instructions, DeliverableKind Kind, SubmissionStateView? Submission,
    string InstructionsHtml, IReadOnlyList<string> AcceptedFileTypes, IReadOnlyList<string> Rubric);

public sealed record ProjectView(Guid Id, int Position, string Title, string Summary, ProjectState State, int Percent,
    IReadOnlyList<StepView> Steps, IReadOnlyList<DeliverableView> Deliverables);

public sealed record LearningTrackView(Guid EnrollmentId, string TrackCode, string TrackName, EnrollmentStatus EnrollmentStatus,
    int Percent, IReadOnlyList<ProjectView> Projects);

/// <summary>
/// The track as one enrollment sees it: the cached curriculum joined with the enrollment's own
/// progress. The student's page (Learning) and the trainer's student page (Trainers) both show this.
/// </summary>
public sealed class LearningTrackReader(ApraNovaDbContext db, TrackCatalog catalog)
{
    /// <returns>Null when the enrollment's track is no longer in the catalogue.</returns>
    public async Task<LearningTrackView?> ReadAsync(LearnerEnrollments.Current enrollment, CancellationToken cancellationToken)
    {
        var track = (await catalog.GetAsync(cancellationToken)).Find(enrollment.TrackCode);
        if (track is null)
            return null;

        var facts = await ProgressFacts.LoadAsync(db, enrollment.Id, cancellationToken);
        var handedIn = await HandedInAsync(enrollment.Id, cancellationToken);
        var progress = ProgressReport.Build(track, facts.Report);
        var projects = track.Projects.Zip(progress.Projects, (project, state) => new ProjectView(
            project.Id, project.Position, project.Title, project.Summary, state.State, state.Percent,
            [.. project.Steps.Select(s => new StepView(s.Id, s.Position, s.Title, s.Instructions, facts.Report.DoneSteps.Contains(s.Id),
                SafeMarkdown.ToHtml(s.Instructions)))],
            [.. project.Deliverables.Select(d => new DeliverableView(d.Id, d.Position, d.Title, d.Instructions, d.Kind,
                facts.Submissions.GetValueOrDefault(d.Id) is { } state ? handedIn.GetValueOrDefault(state.Id)?.Invoke(state) ?? state : null,
                SafeMarkdown.ToHtml(d.Instructions), d.AcceptedFileTypes, d.Rubric))])).ToList();
        return new LearningTrackView(enrollment.Id, track.Code, track.Name, enrollment.Status, progress.Percent, projects);
    }

    /// <summary>What each submission of the enrollment contains now, as a way to complete its state view.</summary>
    private async Task<Dictionary<Guid, Func<SubmissionStateView, SubmissionStateView>>> HandedInAsync(Guid enrollmentId, CancellationToken cancellationToken)
    {
        var rows = await db.Submissions.AsNoTracking().Where(s => s.EnrollmentId == enrollmentId)
            .Select(s => new
            {
                s.Id, s.Kind, s.Content, s.Status, s.ReviewStartedAt,
                File = s.File == null ? null : new SubmittedFileView(s.File.Id, s.File.OriginalName, s.File.ContentType, s.File.SizeBytes),
                Rubric = db.SubmissionAttempts.Where(a => a.SubmissionId == s.Id && a.Number == s.Attempt && a.Decision != null).Select(a => a.Rubric).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => (Func<SubmissionStateView, SubmissionStateView>)(state => state with
        {
            Url = r.Kind is DeliverableKind.Link or DeliverableKind.Github ? r.Content : null,
            Text = r.Kind == DeliverableKind.Text ? r.Content : null,
            File = r.File,
            CanChange = r.Status is SubmissionStatus.Submitted or SubmissionStatus.Resubmitted && r.ReviewStartedAt is null,
            Rubric = r.Rubric is null ? null : [.. r.Rubric.Select(c => new RubricCheckView(c.Item, c.Met))],
        }));
    }
}
