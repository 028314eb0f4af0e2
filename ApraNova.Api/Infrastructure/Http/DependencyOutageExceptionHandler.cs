using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using StackExchange.Redis;

namespace ApraNova.Api.Infrastructure.Http;

/// <summary>
/// A request caught by a database or cache outage (the connection broke mid-command, or could
/// not be opened) is answered 503 with <c>Retry-After</c>, not 500: nothing is wrong with the
/// request, and a client or the load balancer may simply send it again. What is not transient
/// (a constraint, a bug) still falls through to the default 500 handler. The database client
/// retries transient failures first (EnableRetryOnFailure), so this answers only what outlasted
/// those retries or happened where retrying is not safe.
/// </summary>
public sealed class DependencyOutageExceptionHandler(IProblemDetailsService problemDetails, ILogger<DependencyOutageExceptionHandler> logger)
    : IExceptionHandler
{
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Dependency(exception) is not { } dependency || httpContext.Response.HasStarted)
        {
            return false;
        }
        logger.LogWarning(exception, "Answered 503: the {Dependency} was unavailable", dependency);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Temporarily unavailable",
                Detail = "A connection the service depends on failed while it was answering; try again in a moment.",
            },
        });
    }

    /// <summary>Which dependency an exception (or one it wraps) says was unreachable, if any.</summary>
    public static string? Dependency(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case NpgsqlException { IsTransient: true }:
                    return "database";
                // The connection broke between two commands of one transaction (PostgreSQL died
                // after the first): Npgsql then refuses the next command on the dead transaction.
                case InvalidOperationException { Message: "Transaction is already completed" } when FromNpgsql(current):
                    return "database";
                case RedisConnectionException or RedisTimeoutException:
                    return "cache";
            }
        }
        return null;
    }

    private static bool FromNpgsql(Exception exception) =>
        exception.TargetSite?.DeclaringType?.Namespace?.StartsWith("Npgsql", StringComparison.Ordinal) == true;
}
