using System.Data;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Features.Learning;
using ApraNova.Api.Features.Submissions;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ApraNova.Api.Features.Dashboard;

/// <summary>
/// The student's own dashboard facts in ONE prepared statement: the current enrollment with
/// track and trainer, plus its unlocked projects, ticked steps and submissions as typed
/// PostgreSQL arrays (one row, read in binary). The dashboard is the most requested authenticated
/// page (and benchmarked): no LINQ translation, no planning after the first executions on a
/// connection (prepared automatically), no JSON to build in PostgreSQL or to parse here, and one
/// consistent snapshot.
/// <para>
/// No DbContext either (a singleton): renting a pooled context, resetting it and returning it was
/// a few per cent of the request's CPU for a statement EF never sees. The statement runs on a data
/// source of its own, built once from the context's connection string, in Npgsql's multiplexing
/// mode: the statements of concurrent requests share a few connections and go out and come back
/// together, instead of one connection rented, written, awaited and returned per request. Under
/// bench/api-bench.sh that took the dashboard from 2,094 and 1,810 to 3,713 and 2,932 requests/s
/// (two interleaved pairs). Multiplexing suits this statement only: it is one read outside any
/// transaction. Anything that needs a connection of its own (a transaction, a session lock, the
/// migrator) keeps using the context's pool.
/// A transient failure is not retried here: it is answered 503 with Retry-After
/// (DependencyOutageExceptionHandler).
/// </para>
/// </summary>
public sealed class DashboardQuery(IServiceScopeFactory scopes) : IAsyncDisposable
{
    // Built from the context's connection string on first use (configuration is final by then).
    private readonly Lazy<NpgsqlDataSource> _dataSource = new(() => MultiplexingDataSource(scopes));

    public sealed record Result(Guid EnrollmentId, EnrollmentStatus Status, DateTimeOffset EnrolledAt, string TrackCode,
        DashboardTrainer? Trainer, ProgressFacts Facts);

    // Same selection as LearnerEnrollments.FindCurrentAsync: the active enrollment, else the latest
    // completed one, written so the common case uses the "one open enrollment per student"
    // partial index (status = 'Active' implies its predicate); the completed one is looked up
    // only when there is no active one.
    private const string Sql = """
        SELECT e.id, e.status, e.created_at, t.code, u.id, u.full_name, u.email,
               p.ids, p.unlocked, p.approved, c.ids, s.ids, s.deliverables, s.statuses, s.attempts, s.feedback, s.submitted, s.reviewed
        FROM enrollments e
        JOIN tracks t ON t.id = e.track_id
        LEFT JOIN users u ON u.id = e.trainer_id
        CROSS JOIN LATERAL (SELECT array_agg(project_id) ids, array_agg(unlocked_at) unlocked, array_agg(approved_at) approved
                            FROM project_progress WHERE enrollment_id = e.id) p
        CROSS JOIN LATERAL (SELECT array_agg(step_id) ids FROM step_completions WHERE enrollment_id = e.id) c
        CROSS JOIN LATERAL (SELECT array_agg(id) ids, array_agg(deliverable_id) deliverables, array_agg(status) statuses,
                                   array_agg(attempt) attempts, array_agg(feedback) feedback, array_agg(submitted_at) submitted,
                                   array_agg(reviewed_at) reviewed
                            FROM submissions WHERE enrollment_id = e.id) s
        WHERE e.id = COALESCE(
            (SELECT id FROM enrollments WHERE student_id = $1 AND status = 'Active' LIMIT 1),
            (SELECT id FROM enrollments WHERE student_id = $1 AND status = 'Completed' ORDER BY created_at DESC LIMIT 1))
        """;

    public async Task<Result?> LoadAsync(Guid studentId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.Value.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = studentId });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;

        var enrollmentId = reader.GetGuid(0);
        var trainer = reader.IsDBNull(4) ? null
            : new DashboardTrainer(reader.GetGuid(4), reader.GetString(5), reader.IsDBNull(6) ? "" : reader.GetString(6));

        // array_agg of no rows is NULL.
        var projectIds = Array<Guid>(reader, 7);
        var unlockedAt = Array<DateTimeOffset>(reader, 8);
        var approvedAt = Array<DateTimeOffset?>(reader, 9);
        var projects = new ProjectProgress[projectIds.Length];
        for (var i = 0; i < projects.Length; i++)
            projects[i] = new ProjectProgress { EnrollmentId = enrollmentId, ProjectId = projectIds[i], UnlockedAt = unlockedAt[i], ApprovedAt = approvedAt[i] };

        var submissionIds = Array<Guid>(reader, 11);
        var deliverables = Array<Guid>(reader, 12);
        var statuses = Array<string>(reader, 13);
        var attempts = Array<int>(reader, 14);
        var feedback = Array<string?>(reader, 15);
        var submittedAt = Array<DateTimeOffset>(reader, 16);
        var reviewedAt = Array<DateTimeOffset?>(reader, 17);
        var submissions = new (Guid, SubmissionStateView)[submissionIds.Length];
        for (var i = 0; i < submissions.Length; i++)
            submissions[i] = (deliverables[i], new SubmissionStateView(submissionIds[i], Enum.Parse<SubmissionStatus>(statuses[i]),
                attempts[i], feedback[i], submittedAt[i], reviewedAt[i]));

        return new Result(enrollmentId, Enum.Parse<EnrollmentStatus>(reader.GetString(1)), reader.GetFieldValue<DateTimeOffset>(2),
            reader.GetString(3), trainer, ProgressFacts.Create(projects, Array<Guid>(reader, 10), submissions));
    }

    private static NpgsqlDataSource MultiplexingDataSource(IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        var connectionString = scope.ServiceProvider.GetRequiredService<ApraNovaDbContext>().Database.GetConnectionString()
            ?? throw new InvalidOperationException("The database context has no connection string.");
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.Multiplexing = true;
        // A multiplexed command is not bound to a connection to prepare it on: Npgsql prepares the
        // statement on each connection itself, at its second execution there.
        builder.ConnectionStringBuilder.MaxAutoPrepare = 1;
        builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        return builder.Build();
    }

    public ValueTask DisposeAsync() => _dataSource.IsValueCreated ? _dataSource.Value.DisposeAsync() : ValueTask.CompletedTask;

    private static T[] Array<T>(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? [] : reader.GetFieldValue<T[]>(ordinal);
}
