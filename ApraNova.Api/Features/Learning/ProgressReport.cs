using ApraNova.Api.Features.Tracks;

namespace ApraNova.Api.Features.Learning;

public enum ProjectState
{
    /// <summary>Readable, not workable: the previous project is not approved yet.</summary>
    Locked,
    InProgress,
    Approved,
}

public sealed record ProjectProgressView(Guid ProjectId, int Position, string Title, ProjectState State,
    int StepsDone, int StepsTotal, int DeliverablesApproved, int DeliverablesTotal, int Percent);

public sealed record TrackProgressView(int Percent, int ProjectsApproved, int ProjectsTotal, IReadOnlyList<ProjectProgressView> Projects)
{
    /// <summary>The project to work on now: the first unlocked one not yet approved (null when all are approved).</summary>
    public ProjectProgressView? Current => Projects.FirstOrDefault(p => p.State == ProjectState.InProgress);
}

/// <summary>
/// Progress arithmetic, in one place so the dashboard, the student's track page and the
/// trainers' lists agree. A project's percentage counts its ticked steps and approved
/// deliverables together (a project is not "done" until its work is approved); an approved
/// project is 100%. The track's percentage weighs every step and deliverable of the track equally.
/// </summary>
public static class ProgressReport
{
    public sealed record Facts(
        IReadOnlyDictionary<Guid, ProjectProgress> Unlocked,
        IReadOnlySet<Guid> DoneSteps,
        IReadOnlySet<Guid> ApprovedDeliverables);

    public static TrackProgressView Build(TrackDetail track, Facts facts)
    {
        var projects = new List<ProjectProgressView>(track.Projects.Count);
        int doneUnits = 0, totalUnits = 0;
        foreach (var project in track.Projects)
        {
            var stepsDone = project.Steps.Count(s => facts.DoneSteps.Contains(s.Id));
            var approved = project.Deliverables.Count(d => facts.ApprovedDeliverables.Contains(d.Id));
            var state = facts.Unlocked.TryGetValue(project.Id, out var row)
                ? row.ApprovedAt is null ? ProjectState.InProgress : ProjectState.Approved
                : ProjectState.Locked;
            var units = project.Steps.Count + project.Deliverables.Count;
            var done = state == ProjectState.Approved ? units : stepsDone + approved;
            projects.Add(new ProjectProgressView(project.Id, project.Position, project.Title, state,
                stepsDone, project.Steps.Count, approved, project.Deliverables.Count, Percent(done, units, state)));
            doneUnits += done;
            totalUnits += units;
        }
        return new TrackProgressView(Percent(doneUnits, totalUnits, null),
            projects.Count(p => p.State == ProjectState.Approved), projects.Count, projects);
    }

    private static int Percent(int done, int total, ProjectState? state) =>
        state == ProjectState.Approved ? 100
        : total == 0 ? 0
        : (int)Math.Floor(100.0 * Math.Min(done, total) / total);
}
