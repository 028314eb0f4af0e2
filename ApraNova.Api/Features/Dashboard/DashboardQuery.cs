using System.Text.Json;
using System.Text.Json.Serialization;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Learning;
using ApraNova.Api.Features.Submissions;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ApraNova.Api.Features.Dashboard;

/// <summary>
/// The student's own dashboard facts in ONE database round trip: the current enrollment with
/// track and trainer, plus its unlocked projects, ticked steps and submissions aggregated as JSON
/// by PostgreSQL. The dashboard is the most requested authenticated page (and benchmarked), so
/// this replaces four LINQ queries (four round trips) with one indexed statement.
/// </summary>
public sealed class DashboardQuery(ApraNovaDbContext db)
{
    public sealed record Result(Guid EnrollmentId, EnrollmentStatus Status, DateTimeOffset EnrolledAt, string TrackCode,
        DashboardTrainer? Trainer, ProgressFacts Facts);

    // Same selection as LearnerEnrollments.FindCurrentAsync: the active enrollment, else the latest completed one.
    private const string Sql = """
        SELECT e.id, e.status, e.created_at, t.code, u.id, u.full_name, u.email,
               COALESCE((SELECT json_agg(json_build_object('p', pp.project_id, 'u', pp.unlocked_at, 'a', pp.approved_at))
                         FROM project_progress pp WHERE pp.enrollment_id = e.id), '[]'),
               COALESCE((SELECT json_agg(sc.step_id) FROM step_completions sc WHERE sc.enrollment_id = e.id), '[]'),
               COALESCE((SELECT json_agg(json_build_object('i', s.id, 'd', s.deliverable_id, 's', s.status, 'n', s.attempt,
                                                           'f', s.feedback, 'sa', s.submitted_at, 'ra', s.reviewed_at))
                         FROM submissions s WHERE s.enrollment_id = e.id), '[]')
        FROM enrollments e
        JOIN tracks t ON t.id = e.track_id
        LEFT JOIN users u ON u.id = e.trainer_id
        WHERE e.student_id = $1 AND e.status IN ('Active', 'Completed')
        ORDER BY (e.status = 'Active') DESC, e.created_at DESC
        LIMIT 1
        """;

    private sealed record ProjectRow([property: JsonPropertyName("p")] Guid ProjectId, [property: JsonPropertyName("u")] DateTimeOffset UnlockedAt,
        [property: JsonPropertyName("a")] DateTimeOffset? ApprovedAt);

    private sealed record SubmissionRow([property: JsonPropertyName("i")] Guid Id, [property: JsonPropertyName("d")] Guid DeliverableId,
        [property: JsonPropertyName("s")] string Status, [property: JsonPropertyName("n")] int Attempt, [property: JsonPropertyName("f")] string? Feedback,
        [property: JsonPropertyName("sa")] DateTimeOffset SubmittedAt, [property: JsonPropertyName("ra")] DateTimeOffset? ReviewedAt);

    public async Task<Result?> LoadAsync(Guid studentId, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(Sql, (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.Add(new NpgsqlParameter { Value = studentId });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
                return null;

            var trainer = reader.IsDBNull(4) ? null
                : new DashboardTrainer(reader.GetGuid(4), reader.GetString(5), reader.IsDBNull(6) ? "" : reader.GetString(6));
            var projects = JsonSerializer.Deserialize<List<ProjectRow>>(reader.GetString(7))!;
            var steps = JsonSerializer.Deserialize<List<Guid>>(reader.GetString(8))!;
            var submissions = JsonSerializer.Deserialize<List<SubmissionRow>>(reader.GetString(9))!
                .Select(s => (s.DeliverableId, new SubmissionStateView(s.Id, Enum.Parse<SubmissionStatus>(s.Status), s.Attempt, s.Feedback, s.SubmittedAt, s.ReviewedAt)));

            var facts = ProgressFacts.Create(
                projects.Select(p => new ProjectProgress { ProjectId = p.ProjectId, UnlockedAt = p.UnlockedAt, ApprovedAt = p.ApprovedAt }),
                steps,
                submissions);
            return new Result(reader.GetGuid(0), Enum.Parse<EnrollmentStatus>(reader.GetString(1)),
                reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), trainer, facts);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
