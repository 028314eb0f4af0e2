using ApraNova.Api.Data;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Tracks;

namespace ApraNova.Api.Features.Learning;

public sealed record StepView(Guid Id, int Position, string Title, string Instructions, bool Done);

public sealed record SubmissionStateView(Guid Id, SubmissionStatus Status, int Attempt, string? Feedback, DateTimeOffset SubmittedAt, DateTimeOffset? ReviewedAt);

public sealed record DeliverableView(Guid Id, int Position, string Title, string Instructions, DeliverableKind Kind, SubmissionStateView? Submission);

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
        var progress = ProgressReport.Build(track, facts.Report);
        var projects = track.Projects.Zip(progress.Projects, (project, state) => new ProjectView(
            project.Id, project.Position, project.Title, project.Summary, state.State, state.Percent,
            [.. project.Steps.Select(s => new StepView(s.Id, s.Position, s.Title, s.Instructions, facts.Report.DoneSteps.Contains(s.Id)))],
            [.. project.Deliverables.Select(d => new DeliverableView(d.Id, d.Position, d.Title, d.Instructions, d.Kind,
                facts.Submissions.GetValueOrDefault(d.Id)))])).ToList();
        return new LearningTrackView(enrollment.Id, track.Code, track.Name, enrollment.Status, progress.Percent, projects);
    }
}
