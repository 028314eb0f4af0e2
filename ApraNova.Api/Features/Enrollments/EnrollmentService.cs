using System.Data.Common;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Learning;
using ApraNova.Api.Features.Tracks;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.Logging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace ApraNova.Api.Features.Enrollments;

/// <summary>
/// Puts students into tracks and takes them out; the one place that assigns trainers. Used by
/// the admin endpoints and by payments (checkout completed → enroll, refund → withdraw).
/// </summary>
/// <remarks>
/// Trainer assignment must never put a 21st student with a trainer, also when many enrollments
/// arrive at once (a cohort launch). Every change of who-trains-whom in a track therefore runs
/// in a transaction holding a PostgreSQL advisory lock for that track: counting the trainers'
/// loads and inserting the enrollment are one step for everybody else. Enrolling takes it last,
/// together with the pick, so paid webhooks of one track queue on it only for the pick, the last
/// writes and the commit. The unique index "one open enrollment per student" backs idempotency
/// across tracks.
/// </remarks>
public sealed class EnrollmentService(ApraNovaDbContext db, TrackCatalog catalog, IAuditLog audit, TimeProvider clock, ILogger<EnrollmentService> logger)
{
    public const int MaxStudentsPerTrainer = 20;

    // First key of the two-key advisory lock: the "trainer assignment" lock space.
    private const int AssignmentLockSpace = 0x41535347; // "ASSG"

    // Once a minute per track and api task: a cohort paying into a full track logged one warning
    // per student before (console logging was 6 % of a paid webhook's CPU).
    private static readonly WarningThrottle<Guid> TrackFullWarnings = new(TimeSpan.FromMinutes(1), TimeProvider.System);

    private static readonly Guid TrainerRoleId = Roles.Ids[Roles.Trainer];
    private static readonly Guid StudentRoleId = Roles.Ids[Roles.Student];

    public Task<Enrollment> EnrollAsync(Guid studentId, string trackCode, Guid? actorId, CancellationToken cancellationToken) =>
        EnrollAsync(studentId, trackCode, actorId, newAccount: false, cancellationToken);

    /// <summary>
    /// Enrolls the student account the caller's transaction has just created (a checkout's new
    /// buyer): a student without any enrollment, so nothing about them is read first.
    /// </summary>
    public Task<Enrollment> EnrollNewAccountAsync(Guid studentId, string trackCode, CancellationToken cancellationToken) =>
        EnrollAsync(studentId, trackCode, actorId: null, newAccount: true, cancellationToken);

    private async Task<Enrollment> EnrollAsync(Guid studentId, string trackCode, Guid? actorId, bool newAccount, CancellationToken cancellationToken)
    {
        var track = await FindTrackAsync(trackCode, cancellationToken)
            ?? throw new EnrollmentException(EnrollmentError.TrackNotFound, $"There is no track '{trackCode}'.");

        // Inside a caller's transaction (payments applying a webhook) the enrollment is left to the
        // caller's last SaveChanges: one round trip less while the track's lock is held.
        var joined = db.Database.CurrentTransaction is not null;
        try
        {
            return await InTransactionAsync(async token =>
            {
                // One round trip: whether the user exists and is a student, and their open
                // enrollment (tracked: it may be resumed below). Outside the track's lock: the lock
                // guards trainers' loads only; one open enrollment per student is the unique
                // index's job (a racing twin fails on it).
                var student = newAccount
                    ? new Student(IsStudent: true, Open: null)
                    : await StudentFacts(db, studentId, token)
                        ?? throw new EnrollmentException(EnrollmentError.StudentNotFound, $"There is no user {studentId}.");
                // Only students are enrolled, whoever asks: a visitor paying with a staff member's or a
                // trainer's email must not turn that account into a student of the track; payments record
                // such a payment as paid for staff to settle.
                if (!student.IsStudent)
                    throw new EnrollmentException(EnrollmentError.NotAStudent,
                        "The account is not a student's (staff and trainers are not enrolled); settle the payment from the ledger.");

                var open = student.Open;
                if (open is not null && open.TrackId != track.Id)
                    throw new EnrollmentException(EnrollmentError.EnrolledElsewhere,
                        "The student already has an open enrollment in another track; withdraw it first.");
                if (open is { Status: EnrollmentStatus.Active })
                    return open; // idempotent: a webhook retry or a double click changes nothing

                var now = clock.GetUtcNow();
                var before = open is null ? null : Snapshot(open);
                // A new enrollment has no progress yet; a resumed one may have Project 1 already.
                var firstProject = track.FirstProjectId is { } first
                    && (open is null || !await db.ProjectProgress.AnyAsync(p => p.EnrollmentId == open.Id && p.ProjectId == first, token))
                    ? track.FirstProjectId : null;
                var enrollment = open ?? db.Enrollments.Add(new Enrollment { StudentId = studentId, TrackId = track.Id, CreatedAt = now }).Entity;
                enrollment.Status = EnrollmentStatus.Active;
                enrollment.UpdatedAt = now;
                if (firstProject is { } unlocked)
                    db.ProjectProgress.Add(new ProjectProgress { EnrollmentId = enrollment.Id, ProjectId = unlocked, UnlockedAt = now });
                // Last: the track's lock, held until the commit, then covers this pick and the
                // writes that follow it only, and no read of this request waits under it.
                enrollment.TrainerId ??= await LockAndPickTrainerAsync(track.Id, token);

                audit.Record(actorId, "enrollment.enrolled", nameof(Enrollment), enrollment.Id.ToString(), before, Snapshot(enrollment, track.Code));
                if (!joined)
                    await db.SaveChangesAsync(token);
                if (enrollment.TrainerId is null && TrackFullWarnings.IsDue(track.Id, out var heldBack))
                    logger.LogWarning("Student {StudentId} enrolled in {Track} without a trainer: every trainer is full ({HeldBack} more since the last warning; the unassigned list has them all)",
                        studentId, track.Code, heldBack);
                return enrollment;
            }, cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent enrollment of the same student won the unique index: in this track (a
            // double click) it is the result; in another one, this request is refused.
            db.ChangeTracker.Clear();
            var winner = await db.Enrollments.AsNoTracking()
                .SingleOrDefaultAsync(e => e.StudentId == studentId && Enrollment.OpenStatuses.Contains(e.Status), cancellationToken);
            if (winner is { Status: EnrollmentStatus.Active } && winner.TrackId == track.Id)
                return winner;
            throw new EnrollmentException(EnrollmentError.EnrolledElsewhere,
                "The student already has an open enrollment in another track; withdraw it first.");
        }
    }

    /// <summary>Whether a user is a student, and their open enrollment (tracked: it may be resumed).</summary>
    private sealed record Student(bool IsStudent, Enrollment? Open);

    // Compiled: every paid checkout runs it, and EF's per-call parameter extraction of a query
    // that reads other sets (db.UserRoles, db.Enrollments) inside it is a visible share of CPU.
    private static readonly Func<ApraNovaDbContext, Guid, CancellationToken, Task<Student?>> StudentFacts =
        EF.CompileAsyncQuery((ApraNovaDbContext db, Guid studentId, CancellationToken _) =>
            db.Users.Where(u => u.Id == studentId)
                .Select(u => new Student(
                    db.UserRoles.Any(link => link.UserId == u.Id && link.RoleId == StudentRoleId),
                    // At most one: the unique index on open enrollments.
                    db.Enrollments.FirstOrDefault(e => e.StudentId == u.Id && Enrollment.OpenStatuses.Contains(e.Status))))
                .FirstOrDefault());

    private sealed record TrackToEnroll(Guid Id, string Code, Guid? FirstProjectId);

    /// <summary>A published track from the cached curriculum (no round trip); any other from the database.</summary>
    private async Task<TrackToEnroll?> FindTrackAsync(string trackCode, CancellationToken cancellationToken)
    {
        var code = TrackQueries.NormalizeCode(trackCode);
        if ((await catalog.GetCurrentAsync(cancellationToken)).Snapshot.Find(code) is { } published)
            return new TrackToEnroll(published.Id, published.Code, published.Projects.Count > 0 ? published.Projects[0].Id : null);
        return await db.Tracks.AsNoTracking()
            .Where(t => t.Code == code)
            .Select(t => new TrackToEnroll(t.Id, t.Code, t.Projects.OrderBy(p => p.Position).Select(p => (Guid?)p.Id).FirstOrDefault()))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Ends the student's open enrollment. Returns null when there is none (so a repeated
    /// refund webhook is harmless). The trainer's seat is freed: loads count open enrollments only.
    /// </summary>
    public async Task<Enrollment?> WithdrawAsync(Guid studentId, Guid? actorId, string reason, CancellationToken cancellationToken)
    {
        var trackId = await db.Enrollments
            .Where(e => e.StudentId == studentId && Enrollment.OpenStatuses.Contains(e.Status))
            .Select(e => (Guid?)e.TrackId)
            .SingleOrDefaultAsync(cancellationToken);
        if (trackId is null)
            return null;

        return await InTrackLockAsync(trackId.Value, async () =>
        {
            var enrollment = await db.Enrollments
                .SingleOrDefaultAsync(e => e.StudentId == studentId && Enrollment.OpenStatuses.Contains(e.Status), cancellationToken);
            if (enrollment is null)
                return null;
            var before = Snapshot(enrollment);
            var now = clock.GetUtcNow();
            enrollment.Status = EnrollmentStatus.Withdrawn;
            enrollment.EndedAt = now;
            enrollment.UpdatedAt = now;
            enrollment.EndReason = StorableText.Truncate(reason, 500);
            audit.Record(actorId, "enrollment.withdrawn", nameof(Enrollment), enrollment.Id.ToString(), before, Snapshot(enrollment));
            await db.SaveChangesAsync(cancellationToken);
            return enrollment;
        }, cancellationToken);
    }

    /// <summary>Admin fix for the "unassigned" list (or a hand-over): capacity and track membership enforced.</summary>
    public async Task<Enrollment> AssignTrainerAsync(Guid enrollmentId, Guid trainerId, Guid? actorId, CancellationToken cancellationToken)
    {
        var trackId = await db.Enrollments.Where(e => e.Id == enrollmentId).Select(e => (Guid?)e.TrackId).SingleOrDefaultAsync(cancellationToken)
            ?? throw new EnrollmentException(EnrollmentError.EnrollmentNotFound, $"There is no enrollment {enrollmentId}.");

        return await InTrackLockAsync(trackId, async () =>
        {
            var enrollment = await db.Enrollments.SingleAsync(e => e.Id == enrollmentId, cancellationToken);
            if (!Enrollment.OpenStatuses.Contains(enrollment.Status))
                throw new EnrollmentException(EnrollmentError.NotOpen, $"The enrollment is {enrollment.Status}; only open enrollments get a trainer.");
            if (enrollment.TrainerId == trainerId)
                return enrollment;
            if (!await db.TrackTrainers.AnyAsync(t => t.TrackId == trackId && t.TrainerId == trainerId
                    && db.UserRoles.Any(link => link.UserId == trainerId && link.RoleId == TrainerRoleId), cancellationToken))
                throw new EnrollmentException(EnrollmentError.TrainerNotInTrack, "That trainer does not train this track; add them to the track first.");
            if (await LoadAsync(trackId, trainerId, cancellationToken) >= MaxStudentsPerTrainer)
                throw new EnrollmentException(EnrollmentError.TrainerFull, $"That trainer already has {MaxStudentsPerTrainer} students in this track.");

            var before = Snapshot(enrollment);
            enrollment.TrainerId = trainerId;
            enrollment.UpdatedAt = clock.GetUtcNow();
            audit.Record(actorId, "enrollment.trainer_assigned", nameof(Enrollment), enrollment.Id.ToString(), before, Snapshot(enrollment));
            await db.SaveChangesAsync(cancellationToken);
            return enrollment;
        }, cancellationToken);
    }

    /// <summary>
    /// A user stops being a trainer: they leave every track's pool and each of their open
    /// enrollments goes back to assignment (the least-loaded remaining trainer of the track, or the
    /// unassigned list), each step audited. Runs inside the caller's transaction (the role change),
    /// holding the assignment lock of every track concerned, so no enrollment picks them meanwhile.
    /// </summary>
    /// <returns>How many open enrollments were handed back.</returns>
    public async Task<int> ReleaseTrainerAsync(Guid trainerId, Guid? actorId, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Releasing a trainer must run in the transaction that changes their role.");

        var trackIds = await db.TrackTrainers.Where(t => t.TrainerId == trainerId).Select(t => t.TrackId)
            .Concat(db.Enrollments.Where(e => e.TrainerId == trainerId && Enrollment.OpenStatuses.Contains(e.Status)).Select(e => e.TrackId))
            .Distinct()
            .ToListAsync(cancellationToken);
        // Always in the same order, so two releases sharing tracks never wait on each other in a cycle.
        foreach (var trackId in trackIds.Order())
            await LockAsync(trackId, cancellationToken);

        var pools = await db.TrackTrainers.Where(t => t.TrainerId == trainerId)
            .Select(t => new { Link = t, t.Track!.Code }).ToListAsync(cancellationToken);
        foreach (var pool in pools)
        {
            db.TrackTrainers.Remove(pool.Link);
            audit.Record(actorId, "track.trainer_removed", nameof(Track), pool.Code, new { TrainerId = trainerId }, null);
        }
        // Out of the pools before anybody is picked from them.
        await db.SaveChangesAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var handedBack = await db.Enrollments
            .Where(e => e.TrainerId == trainerId && Enrollment.OpenStatuses.Contains(e.Status))
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
        foreach (var enrollment in handedBack)
        {
            var before = Snapshot(enrollment);
            enrollment.TrainerId = await PickTrainerAsync(enrollment.TrackId, cancellationToken);
            enrollment.UpdatedAt = now;
            audit.Record(actorId, "enrollment.trainer_released", nameof(Enrollment), enrollment.Id.ToString(), before, Snapshot(enrollment));
            // Saved one by one: the next pick counts this assignment in the trainers' loads.
            await db.SaveChangesAsync(cancellationToken);
            if (enrollment.TrainerId is null)
                logger.LogWarning("Enrollment {EnrollmentId} is unassigned: its trainer {TrainerId} left and every other trainer is full",
                    enrollment.Id, trainerId);
        }
        return handedBack.Count;
    }

    /// <summary>
    /// The trainer of the track with the fewest open students, below the cap; none when all are full.
    /// Only users who still hold the trainer role count, whatever the pool says.
    /// </summary>
    private IQueryable<Guid?> TrainerPick(Guid trackId) =>
        db.TrackTrainers
            .Where(t => t.TrackId == trackId)
            .Where(t => db.UserRoles.Any(link => link.UserId == t.TrainerId && link.RoleId == TrainerRoleId))
            .Select(t => new
            {
                t.TrainerId,
                t.AddedAt,
                Load = db.Enrollments.Count(e => e.TrackId == trackId && e.TrainerId == t.TrainerId && Enrollment.OpenStatuses.Contains(e.Status)),
            })
            .Where(t => t.Load < MaxStudentsPerTrainer)
            .OrderBy(t => t.Load).ThenBy(t => t.AddedAt).ThenBy(t => t.TrainerId)
            .Select(t => (Guid?)t.TrainerId)
            .Take(1);

    /// <summary>The pick, for a caller that holds the track's lock already.</summary>
    private Task<Guid?> PickTrainerAsync(Guid trackId, CancellationToken cancellationToken) =>
        TrainerPick(trackId).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Takes the track's assignment lock (held until the transaction ends) and picks the trainer in
    /// one round trip: the lock, then the pick's own statement, whose snapshot (READ COMMITTED:
    /// one per statement) is taken once the lock is granted, so it counts every assignment
    /// committed before.
    /// </summary>
    private async Task<Guid?> LockAndPickTrainerAsync(Guid trackId, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The assignment lock is taken inside a transaction.");
        var pick = lockAndPick ??= LockAndPickStatement.From(TrainerPick(LockAndPickStatement.AnyTrack).CreateDbCommand());
        await using var command = pick.For(trackId, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken); // past the lock's (void) row
        return await reader.ReadAsync(cancellationToken) ? reader.GetGuid(0) : null;
    }

    private static LockAndPickStatement? lockAndPick;

    /// <summary>
    /// The assignment lock followed by <see cref="TrainerPick"/>'s SQL, which EF writes once per
    /// process: the statement is the same for every track, only its parameters differ, and having
    /// EF build it per call (its funcletizer and query-cache lookup) was 2.5 % of the api's CPU
    /// under the webhook benchmark.
    /// </summary>
    private sealed class LockAndPickStatement(string sql, NpgsqlParameter[] parameters)
    {
        /// <summary>The track the statement is generated for: its parameters with this value take the track's id.</summary>
        public static readonly Guid AnyTrack = Guid.Empty;

        public static LockAndPickStatement From(DbCommand pick)
        {
            using (pick)
                return new($"SELECT pg_advisory_xact_lock({AssignmentLockSpace}, hashtext(@assignment_track));\n{pick.CommandText}",
                    [.. pick.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone())]);
        }

        public NpgsqlCommand For(Guid trackId, DbTransaction transaction)
        {
            var command = new NpgsqlCommand(sql, (NpgsqlConnection)transaction.Connection!, (NpgsqlTransaction)transaction);
            foreach (var template in parameters)
            {
                var parameter = template.Clone();
                if (Equals(parameter.Value, AnyTrack)) parameter.Value = trackId;
                command.Parameters.Add(parameter);
            }
            command.Parameters.Add(new NpgsqlParameter<string>("assignment_track", trackId.ToString()));
            return command;
        }
    }

    private Task<int> LoadAsync(Guid trackId, Guid trainerId, CancellationToken cancellationToken) =>
        db.Enrollments.CountAsync(e => e.TrackId == trackId && e.TrainerId == trainerId && Enrollment.OpenStatuses.Contains(e.Status), cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction holding the track's assignment lock. When the
    /// caller already has a transaction open (payments applying a webhook), the work joins it and
    /// the lock is held until the caller commits.
    /// </summary>
    private Task<T> InTrackLockAsync<T>(Guid trackId, Func<Task<T>> work, CancellationToken cancellationToken) =>
        InTransactionAsync(async token =>
        {
            await LockAsync(trackId, token);
            return await work();
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in the caller's transaction, or in one of its own
    /// (<see cref="ApraNovaDbContext.InTransactionAsync{T}"/>: retried, and not run twice after a lost COMMIT answer).
    /// </summary>
    private Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        db.Database.CurrentTransaction is not null ? work(cancellationToken) : db.InTransactionAsync(work, cancellationToken);

    private Task LockAsync(Guid trackId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AssignmentLockSpace}, hashtext({trackId.ToString()}))", cancellationToken);

    private static object Snapshot(Enrollment e, string? trackCode = null) =>
        new { e.StudentId, e.TrackId, trackCode, Status = e.Status.ToString(), e.TrainerId, e.EndReason };
}

public enum EnrollmentError
{
    TrackNotFound,
    StudentNotFound,
    EnrollmentNotFound,
    /// <summary>The student has an open enrollment in another track (one track at a time).</summary>
    EnrolledElsewhere,
    /// <summary>The account is staff's or a trainer's: only students are enrolled.</summary>
    NotAStudent,
    NotOpen,
    TrainerNotInTrack,
    TrainerFull,
}

/// <summary>A request the enrollment rules refuse; endpoints turn it into a 404/409 ProblemDetails.</summary>
public sealed class EnrollmentException(EnrollmentError error, string message) : Exception(message)
{
    public EnrollmentError Error { get; } = error;
}
