using System.Data.Common;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ApraNova.Api.Features.Overview;

/// <summary>
/// Computes <see cref="StaffOverview"/>. Aggregations PostgreSQL does best (months, medians with
/// <c>percentile_cont</c>) are SQL; the rest is LINQ. Every figure is counted by the database,
/// none is kept elsewhere, so the page can never show numbers that are not true.
/// </summary>
public sealed class StaffOverviewQuery(ApraNovaDbContext db, TimeProvider clock)
{
    public const int RevenueMonths = 12;
    public static readonly TimeSpan Recent = TimeSpan.FromDays(30);

    public async Task<StaffOverview> LoadAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var recentSince = now - Recent;
        var firstMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1 - RevenueMonths);

        var tracks = await db.Tracks.AsNoTracking().OrderBy(t => t.Code)
            .Select(t => new { t.Code, t.Name, Counts = db.Enrollments.Where(e => e.TrackId == t.Id).GroupBy(e => e.Status).Select(g => new { g.Key, Count = g.Count() }).ToList() })
            .ToListAsync(cancellationToken);
        var studentsPerTrack = tracks.Select(t =>
        {
            int Count(EnrollmentStatus status) => t.Counts.FirstOrDefault(c => c.Key == status)?.Count ?? 0;
            return new TrackStudentCounts(t.Code, t.Name, Count(EnrollmentStatus.PendingPayment), Count(EnrollmentStatus.Active),
                Count(EnrollmentStatus.Suspended), Count(EnrollmentStatus.Completed), Count(EnrollmentStatus.Withdrawn));
        }).ToList();

        var awaiting = db.Submissions.AsNoTracking()
            .Where(s => (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Resubmitted) && s.Enrollment!.Status == EnrollmentStatus.Active);
        var awaitingCount = await awaiting.CountAsync(cancellationToken);
        var oldestWaiting = await awaiting.MinAsync(s => (DateTimeOffset?)s.SubmittedAt, cancellationToken);

        var trainerRole = Roles.Ids[Roles.Trainer];
        var trainers = await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(link => link.UserId == u.Id && link.RoleId == trainerRole))
            .OrderBy(u => u.FullName).ThenBy(u => u.Email)
            .Select(u => new
            {
                u.Id, u.FullName, u.Email,
                Tracks = db.TrackTrainers.Where(t => t.TrainerId == u.Id).OrderBy(t => t.Track!.Code).Select(t => t.Track!.Code).ToList(),
                Open = db.Enrollments.Count(e => e.TrainerId == u.Id && Enrollment.OpenStatuses.Contains(e.Status)),
                Awaiting = db.Submissions.Count(s => s.Enrollment!.TrainerId == u.Id && s.Enrollment.Status == EnrollmentStatus.Active
                    && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Resubmitted)),
            })
            .ToListAsync(cancellationToken);
        var trainerLoads = trainers.Select(t => new TrainerLoad(t.Id, t.FullName, t.Email ?? "", t.Tracks, t.Open,
            t.Tracks.Count * EnrollmentService.MaxStudentsPerTrainer, t.Awaiting)).ToList();

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var revenue = await ReadAsync(connection, RevenueSql, [firstMonth], reader =>
            {
                var gross = reader.GetInt64(3);
                var refunded = reader.GetInt64(5);
                return new MonthlyRevenue(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), gross, reader.GetInt32(4), refunded, gross - refunded);
            }, cancellationToken);

            var reviews = (await ReadAsync(connection, ReviewSql, [recentSince], reader =>
                (Count: reader.GetInt32(0), Median: reader.IsDBNull(1) ? (double?)null : reader.GetDouble(1)), cancellationToken)).Single();

            var support = (await ReadAsync(connection, SupportSql, [recentSince], reader => new SupportFigures(
                reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetDouble(6)), cancellationToken)).Single();

            return new StaffOverview(now, studentsPerTrack, revenue,
                new ReviewFigures(awaitingCount, oldestWaiting, reviews.Count, Round(reviews.Median)), trainerLoads,
                support with { MedianFirstResponseHours = Round(support.MedianFirstResponseHours), MedianResolutionHours = Round(support.MedianResolutionHours) });
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static double? Round(double? hours) => hours is { } value ? Math.Round(value, 2) : null;

    private static async Task<List<T>> ReadAsync<T>(NpgsqlConnection connection, string sql, object[] parameters, Func<DbDataReader, T> map,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(map(reader));
        return rows;
    }

    // Received money counts in the month it was paid; a refund counts (negatively) in the month
    // it happened, and only for payments that had been received.
    private const string RevenueSql = """
        SELECT month, currency, sum(paid)::int, sum(gross)::bigint, sum(refunds)::int, sum(refunded)::bigint
        FROM (
            SELECT to_char(paid_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, currency, 1 AS paid, amount_cents AS gross, 0 AS refunds, 0::bigint AS refunded
            FROM payments WHERE paid_at IS NOT NULL AND paid_at >= $1
            UNION ALL
            SELECT to_char(refunded_at AT TIME ZONE 'UTC', 'YYYY-MM'), currency, 0, 0::bigint, 1, amount_cents
            FROM payments WHERE state = 'Refunded' AND paid_at IS NOT NULL AND refunded_at IS NOT NULL AND refunded_at >= $1
        ) money
        GROUP BY month, currency
        ORDER BY month, currency
        """;

    // A review's time: from the attempt's hand-in to its decision (a later resubmission moves
    // submitted_at past reviewed_at; such rows are waiting again and are left out).
    private const string ReviewSql = """
        SELECT count(*)::int,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM reviewed_at - submitted_at) / 3600.0)
        FROM submissions
        WHERE reviewed_at IS NOT NULL AND reviewed_at >= submitted_at AND reviewed_at >= $1
        """;

    private const string SupportSql = """
        SELECT (SELECT count(*) FROM support_tickets WHERE state = 'Open')::int,
               (SELECT count(*) FROM support_tickets WHERE state = 'Answered')::int,
               (SELECT count(*) FROM support_tickets WHERE state <> 'Resolved' AND assignee_id IS NULL)::int,
               (SELECT count(*) FROM support_tickets WHERE created_at >= $1)::int,
               (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at) / 3600.0)
                FROM support_tickets WHERE created_at >= $1 AND first_response_at IS NOT NULL),
               (SELECT count(*) FROM support_tickets WHERE state = 'Resolved' AND resolved_at >= $1)::int,
               (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at) / 3600.0)
                FROM support_tickets WHERE state = 'Resolved' AND resolved_at >= $1)
        """;
}
