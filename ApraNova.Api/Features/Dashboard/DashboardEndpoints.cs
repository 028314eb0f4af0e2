using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Learning;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Dashboard;

public sealed record DashboardTrainer(Guid Id, string FullName, string Email);

public sealed record DashboardTrack(string Code, string Name);

public sealed record DashboardSubmission(Guid Id, Guid DeliverableId, string DeliverableTitle, Guid ProjectId, string ProjectTitle,
    DeliverableKind Kind, SubmissionStatus Status, int Attempt, string? Feedback, DateTimeOffset SubmittedAt, DateTimeOffset? ReviewedAt);

public sealed record DashboardView(Guid EnrollmentId, EnrollmentStatus EnrollmentStatus, DateTimeOffset EnrolledAt,
    DashboardTrack Track, DashboardTrainer? Trainer, ProjectProgressView? CurrentProject, TrackProgressView Progress,
    IReadOnlyList<DashboardSubmission> RecentSubmissions);

/// <summary>
/// Everything the student's home page shows, in one request (mapped under <c>/api/dashboard</c> by
/// <see cref="DashboardFeature"/>): the curriculum comes from the cached catalogue, the student's
/// own facts from one database round trip (<see cref="DashboardQuery"/>).
/// </summary>
internal static class DashboardEndpoints
{
    public const int RecentSubmissionCount = 10;

    public static RouteGroupBuilder MapDashboardEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/", GetAsync)
            // Nothing a client sends is bound (the student comes from the token): without this the
            // validation filter wrapped every request, looking up validation metadata for the
            // services among its arguments (seen in bench/profile-dashboard.sh).
            .DisableValidation()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("GetDashboard")
            .WithSummary("The student's track, trainer, current project, progress and recent submissions.");
        return group;
    }

    private static async Task<Results<Utf8JsonResult<DashboardView>, ProblemHttpResult>> GetAsync(
        HttpContext http, DashboardQuery query, TrackCatalog catalog, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var current = await query.LoadAsync(http.User.GetUserId(), cancellationToken);
        if (current is null)
            return LearningProblems.NoAccess();
        var curriculum = await catalog.GetCurrentAsync(cancellationToken);
        var track = curriculum.Snapshot.Find(current.TrackCode);
        if (track is null)
            return LearningProblems.NoAccess();

        var facts = current.Facts;
        var progress = ProgressReport.Build(track, facts.Report);

        var recent = facts.Submissions
            .Select(s => (State: s.Value, Place: curriculum.Deliverables.GetValueOrDefault(s.Key)))
            .Where(s => s.Place is not null && ReferenceEquals(s.Place.Track, track))
            .OrderByDescending(s => s.State.ReviewedAt is { } reviewed && reviewed > s.State.SubmittedAt ? reviewed : s.State.SubmittedAt)
            .Take(RecentSubmissionCount)
            .Select(s => new DashboardSubmission(s.State.Id, s.Place!.Deliverable.Id, s.Place.Deliverable.Title, s.Place.Project.Id,
                s.Place.Project.Title, s.Place.Deliverable.Kind, s.State.Status, s.State.Attempt, s.State.Feedback, s.State.SubmittedAt, s.State.ReviewedAt))
            .ToList();

        var view = new DashboardView(current.EnrollmentId, current.Status, current.EnrolledAt,
            new DashboardTrack(track.Code, track.Name), current.Trainer, progress.Current, progress, recent);
        // Serialised at once into one buffer (a couple of KB) and sent with its length, instead of
        // Ok<T>'s resumable serialisation into the response stream, sent chunked: the same JSON
        // (the api's options, DashboardJsonContext's metadata) for less CPU (bench/profile-dashboard.sh).
        var typeInfo = (JsonTypeInfo<DashboardView>)json.Value.SerializerOptions.GetTypeInfo(typeof(DashboardView));
        return new Utf8JsonResult<DashboardView>(JsonSerializer.SerializeToUtf8Bytes(view, typeInfo));
    }
}
