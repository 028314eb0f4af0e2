using System.Net.Sockets;
using System.Text.Json;
using ApraNova.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;

namespace ApraNova.Tests.Api.Http;

/// <summary>
/// A request caught by a database or cache outage is a 503 ProblemDetails with Retry-After, as the
/// api's registered exception handlers answer it; anything else is left to the 500 handler. (The
/// fault tests in Faults/ show the same from outside, with PostgreSQL killed under load.)
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DependencyOutageTests(ApiFactory api)
{
    public static TheoryData<string, string> Outages => new()
    {
        { "database read broke", "database" },
        { "database unreachable", "database" },
        { "cache unreachable", "cache" },
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task An_outage_is_a_503_problem_with_retry_after(string outage, string dependency)
    {
        Exception exception = outage switch
        {
            "database read broke" => new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
                new NpgsqlException("Exception while reading from stream", new IOException("Connection reset"))),
            "database unreachable" => new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)),
            _ => new RedisConnectionException(ConnectionFailureType.UnableToConnect, "No connection is available"),
        };
        Assert.Equal(dependency, DependencyOutageExceptionHandler.Dependency(exception));

        var (handled, context) = await HandleAsync(exception);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("2", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        var problem = await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body);
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Equal("Temporarily unavailable", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_transaction_whose_connection_died_between_two_commands_is_an_outage()
    {
        // What Npgsql throws for the next command of a transaction it already ended: here ended by
        // a commit, in the fault test by PostgreSQL dying between a ticket's INSERT and its notice's.
        await using var scope = api.CreateDbScope();
        var connection = (NpgsqlConnection)scope.Db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await transaction.CommitAsync();
        var refused = Assert.Throws<InvalidOperationException>(() => new NpgsqlCommand("SELECT 1", connection) { Transaction = transaction });

        Assert.Equal("database", DependencyOutageExceptionHandler.Dependency(refused));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, (await HandleAsync(refused)).Context.Response.StatusCode);
    }

    [Fact]
    public async Task What_is_not_an_outage_is_left_to_the_500_handler()
    {
        // A constraint violation is not transient; a bug is not an outage.
        var notTransient = new PostgresException("duplicate key value", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation);
        Assert.Null(DependencyOutageExceptionHandler.Dependency(notTransient));
        var (handled, _) = await HandleAsync(new InvalidOperationException("a bug", notTransient));
        Assert.False(handled);
    }

    /// <summary>Runs the api's own exception handlers, in their registered order, as UseExceptionHandler does.</summary>
    private async Task<(bool Handled, DefaultHttpContext Context)> HandleAsync(Exception exception)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Path = "/api/dashboard";
        context.Response.Body = new MemoryStream();
        foreach (var handler in scope.ServiceProvider.GetServices<IExceptionHandler>())
        {
            if (await handler.TryHandleAsync(context, exception, CancellationToken.None))
                return (true, context);
        }
        return (false, context);
    }
}
