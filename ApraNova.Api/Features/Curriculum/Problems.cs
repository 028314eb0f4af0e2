using Microsoft.AspNetCore.Http.HttpResults;

namespace ApraNova.Api.Features.Curriculum;

/// <summary>
/// The ProblemDetails (RFC 7807, <c>application/problem+json</c>) the learning features answer
/// with, so the same situation reads the same everywhere.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title);

    public static ProblemHttpResult Forbidden(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: title);

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Collects field errors (camelCase keys) for one request and turns them into a ValidationProblem.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new();

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
            _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    /// <summary>Required, trimmed, at most <paramref name="max"/> characters.</summary>
    public string Text(string field, string? value, int max, bool required = true)
    {
        var trimmed = value?.Trim() ?? "";
        if (required && trimmed.Length == 0)
            Add(field, "This field is required.");
        else if (trimmed.Length > max)
            Add(field, $"At most {max} characters.");
        return trimmed;
    }

    public ValidationProblem ToResult() => TypedResults.ValidationProblem(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
