using Npgsql;

namespace ApraNova.Tests.Hostile;

/// <summary>
/// What the database holds, as one hash per table (every row, every column), read as an admin
/// would see it but straight from PostgreSQL so nothing is hidden: comparing two readings tells
/// whether a request changed anything, and where. <see cref="OfUserAsync"/> narrows it to one
/// user's own rows (account, role, enrollments, progress, submissions, files, sessions).
/// </summary>
public sealed class StateFingerprint(string connectionString, IReadOnlyList<string> tables)
{
    public IReadOnlyList<string> Tables => tables;

    public static async Task<StateFingerprint> CreateAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '__EFMigrationsHistory'
            ORDER BY table_name
            """, connection);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            tables.Add(reader.GetString(0));
        return new StateFingerprint(connectionString, tables);
    }

    /// <summary>One hash per table of <see cref="Tables"/>, in that order.</summary>
    public async Task<string[]> ReadAsync()
    {
        var columns = string.Join(", ", tables.Select(table =>
            $"(SELECT coalesce(md5(string_agg(md5(t::text), ',' ORDER BY md5(t::text))), '') FROM \"{table}\" t)"));
        return await ReadArrayAsync($"SELECT ARRAY[{columns}]", null);
    }

    /// <summary>Hashes of the rows that belong to one user.</summary>
    public Task<string[]> OfUserAsync(Guid userId) => ReadArrayAsync("""
        SELECT ARRAY[
          (SELECT coalesce(md5(u::text), '') FROM users u WHERE u.id = @user),
          (SELECT coalesce(md5(string_agg(md5(r::text), ',' ORDER BY md5(r::text))), '') FROM user_roles r WHERE r.user_id = @user),
          (SELECT coalesce(md5(string_agg(md5(e::text), ',' ORDER BY md5(e::text))), '') FROM enrollments e WHERE e.student_id = @user),
          (SELECT coalesce(md5(string_agg(md5(p::text), ',' ORDER BY md5(p::text))), '') FROM project_progress p
             WHERE p.enrollment_id IN (SELECT id FROM enrollments WHERE student_id = @user)),
          (SELECT coalesce(md5(string_agg(md5(c::text), ',' ORDER BY md5(c::text))), '') FROM step_completions c
             WHERE c.enrollment_id IN (SELECT id FROM enrollments WHERE student_id = @user)),
          (SELECT coalesce(md5(string_agg(md5(s::text), ',' ORDER BY md5(s::text))), '') FROM submissions s WHERE s.student_id = @user),
          (SELECT coalesce(md5(string_agg(md5(f::text), ',' ORDER BY md5(f::text))), '') FROM stored_files f WHERE f.owner_id = @user),
          (SELECT coalesce(md5(string_agg(md5(t::text), ',' ORDER BY md5(t::text))), '') FROM refresh_tokens t WHERE t.user_id = @user)]
        """, userId);

    /// <summary>The tables whose hashes differ between two readings of <see cref="ReadAsync"/>.</summary>
    public IEnumerable<string> Changed(string[] before, string[] after) =>
        tables.Where((_, index) => before[index] != after[index]);

    private async Task<string[]> ReadArrayAsync(string sql, Guid? user)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (user is { } id)
            command.Parameters.AddWithValue("user", id);
        return (string[])(await command.ExecuteScalarAsync())!;
    }
}
