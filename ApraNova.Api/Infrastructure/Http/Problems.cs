using Microsoft.AspNetCore.Http.HttpResults;

namespace ApraNova.Api.Infrastructure.Http;

/// <summary>
/// Every error the api answers with is built here: RFC 7807 ProblemDetails
/// (<c>application/problem+json</c>, with the request's <c>traceId</c> added by
/// <see cref="ProblemDetailsSetup"/>), so the same situation reads the same in every feature.
/// Request-shape errors (missing or malformed fields) are answered before a handler runs by the
/// built-in validation (DataAnnotations on the request records); handlers use
/// <see cref="Invalid(string, string)"/> only for rules that need the database or the caller.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        Problem(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemHttpResult Conflict(string title, string? detail = null) =>
        Problem(StatusCodes.Status409Conflict, title, detail);

    public static ProblemHttpResult Forbidden(string title, string? detail = null) =>
        Problem(StatusCodes.Status403Forbidden, title, detail);

    public static ProblemHttpResult Unauthorized(string title, string? detail = null) =>
        Problem(StatusCodes.Status401Unauthorized, title, detail);

    public static ProblemHttpResult BadRequest(string title, string? detail = null) =>
        Problem(StatusCodes.Status400BadRequest, title, detail);

    public static ProblemHttpResult PayloadTooLarge(string title, string? detail = null) =>
        Problem(StatusCodes.Status413PayloadTooLarge, title, detail);

    public static ProblemHttpResult UnsupportedMediaType(string title, string? detail = null) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, title, detail);

    public static ProblemHttpResult TooManyRequests(string detail) =>
        Problem(StatusCodes.Status429TooManyRequests, "Too many requests", detail);

    /// <summary>A service the api depends on (Stripe) failed or refused.</summary>
    public static ProblemHttpResult BadGateway(string title, string? detail = null) =>
        Problem(StatusCodes.Status502BadGateway, title, detail);

    /// <summary>The api's own storage is full (the files store): not the client's fault, not fixed by retrying at once.</summary>
    public static ProblemHttpResult InsufficientStorage(string title, string? detail = null) =>
        Problem(StatusCodes.Status507InsufficientStorage, title, detail);

    public static ProblemHttpResult ServiceUnavailable(string title, string? detail = null) =>
        Problem(StatusCodes.Status503ServiceUnavailable, title, detail);

    /// <summary>A 400 validation problem on one field (camelCase, as the client sent it).</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A 400 validation problem on several fields (camelCase keys).</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors);

    private static ProblemHttpResult Problem(int status, string title, string? detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);
}
