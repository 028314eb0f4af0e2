using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Learning;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Trainers;

public sealed record TrainerStudentRow(Guid StudentId, string FullName, string Email, Guid EnrollmentId, string TrackCode,
    EnrollmentStatus Status, Guid? TrainerId, int Percent, int ProjectsApproved, int AwaitingReview, DateTimeOffset EnrolledAt);

public sealed record TrainerStudentDetail(Guid StudentId, string FullName, string Email, LearningTrackView Track, IReadOnlyList<SubmissionView> Submissions);

/// <summary>
/// The students a trainer follows: those whose open or completed enrollment names them (staff:
/// every such enrollment). Anyone else's student does not exist for the caller.
/// </summary>
public sealed class TrainerStudents(ApraNovaDbContext db, TrackCatalog catalog, LearningTrackReader tracks)
{
    public const int MaxStudents = 1000;

    private static readonly EnrollmentStatus[] Followed = [EnrollmentStatus.Active, EnrollmentStatus.Suspended, EnrollmentStatus.Completed];

    public async Task<List<TrainerStudentRow>> ListAsync(ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var enrollments = db.Enrollments.AsNoTracking().Where(e => Followed.Contains(e.Status));
        if (!caller.IsStaff())
        {
            var trainerId = caller.GetUserId();
            enrollments = enrollments.Where(e => e.TrainerId == trainerId);
        }

        var rows = await enrollments
            .OrderBy(e => e.Student!.FullName).ThenBy(e => e.Id)
            .Take(MaxStudents)
            .Select(e => new
            {
                e.StudentId, e.Student!.FullName, e.Student.Email, EnrollmentId = e.Id, e.Track!.Code, e.Status, e.TrainerId, e.CreatedAt,
                Awaiting = db.Submissions.Count(s => s.EnrollmentId == e.Id && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Resubmitted)),
            })
            .ToListAsync(cancellationToken);

        var facts = await ProgressFacts.LoadManyAsync(db, [.. rows.Select(r => r.EnrollmentId)], cancellationToken);
        var snapshot = await catalog.GetAsync(cancellationToken);
        return [.. rows.Select(r =>
        {
            var progress = snapshot.Find(r.Code) is { } track ? ProgressReport.Build(track, facts[r.EnrollmentId].Report) : null;
            return new TrainerStudentRow(r.StudentId, r.FullName, r.Email ?? "", r.EnrollmentId, r.Code, r.Status, r.TrainerId,
                progress?.Percent ?? 0, progress?.ProjectsApproved ?? 0, r.Awaiting, r.CreatedAt);
        })];
    }

    /// <returns>Null when the student is not one of the caller's.</returns>
    public async Task<TrainerStudentDetail?> FindAsync(ClaimsPrincipal caller, Guid studentId, CancellationToken cancellationToken)
    {
        var enrollments = db.Enrollments.AsNoTracking().Where(e => e.StudentId == studentId && e.Status != EnrollmentStatus.PendingPayment);
        if (!caller.IsStaff())
        {
            var trainerId = caller.GetUserId();
            enrollments = enrollments.Where(e => e.TrainerId == trainerId && Followed.Contains(e.Status));
        }
        var enrollment = await enrollments
            .OrderByDescending(e => e.CreatedAt)
            .Select(e => new { Current = new LearnerEnrollments.Current(e.Id, e.TrackId, e.Track!.Code, e.TrainerId, e.Status), e.Student!.FullName, e.Student.Email })
            .FirstOrDefaultAsync(cancellationToken);
        if (enrollment is null || await tracks.ReadAsync(enrollment.Current, cancellationToken) is not { } track)
            return null;

        var submissions = await db.Submissions.AsNoTracking().Where(s => s.EnrollmentId == enrollment.Current.Id)
            .OrderByDescending(s => s.UpdatedAt).ToViews(db).ToListAsync(cancellationToken);
        return new TrainerStudentDetail(studentId, enrollment.FullName, enrollment.Email ?? "", track, submissions);
    }
}
