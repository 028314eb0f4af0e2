using ApraNova.Api.Data;
using ApraNova.Api.Features.Enrollments;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Learning;

/// <summary>
/// Which enrollment a student's learning requests act on. Active students read and work;
/// students who completed their track keep reading; withdrawn, suspended or never-enrolled
/// students get no learning access at all.
/// </summary>
public static class LearnerEnrollments
{
    public sealed record Current(Guid Id, Guid TrackId, string TrackCode, Guid? TrainerId, EnrollmentStatus Status)
    {
        public bool CanWork => Status == EnrollmentStatus.Active;
    }

    public static Task<Current?> FindCurrentAsync(this ApraNovaDbContext db, Guid studentId, CancellationToken cancellationToken) =>
        db.Enrollments.AsNoTracking()
            .Where(e => e.StudentId == studentId && (e.Status == EnrollmentStatus.Active || e.Status == EnrollmentStatus.Completed))
            .OrderByDescending(e => e.Status == EnrollmentStatus.Active).ThenByDescending(e => e.CreatedAt)
            .Select(e => new Current(e.Id, e.TrackId, e.Track!.Code, e.TrainerId, e.Status))
            .FirstOrDefaultAsync(cancellationToken);
}
