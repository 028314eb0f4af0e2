using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ApraNova.Api.Infrastructure.Http;

/// <summary>
/// Instants reach PostgreSQL in UTC. A client may write a date filter with any offset
/// (<c>?from=2024-01-01T00:00:00+02:00</c>) and that is the same instant as its UTC form, but Npgsql
/// refuses to send a <see cref="DateTimeOffset"/> with a non-zero offset to a <c>timestamptz</c>
/// (it would have to guess what the offset meant). This converts every such parameter, for every
/// query, in one place instead of in each endpoint that takes a date.
/// </summary>
public sealed class UtcInstantParameters : DbCommandInterceptor
{
    // Called once per command, after EF has set its text and parameters and before any of the
    // reader, scalar and non-query executions (sync or async) sends it.
    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        ToUtc(result);
        return result;
    }

    private static void ToUtc(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
        {
            if (parameter.Value is DateTimeOffset { Offset.Ticks: not 0 } instant)
                parameter.Value = instant.ToUniversalTime();
        }
    }
}
