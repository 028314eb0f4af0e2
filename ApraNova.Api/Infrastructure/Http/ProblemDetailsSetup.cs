using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace ApraNova.Api.Infrastructure.Http;

/// <summary>
/// The api's error contract: every error is RFC 7807 ProblemDetails carrying a <c>traceId</c>
/// (the same id the Aspire dashboard shows for the request), validation errors are
/// <see cref="HttpValidationProblemDetails"/> keyed by camelCase field name, and nothing a
/// client can send turns into a 500.
/// </summary>
public static partial class ProblemDetailsSetup
{
    public static IServiceCollection AddApiErrorHandling(this IServiceCollection services)
    {
        // Registered first, so it is asked before the framework's writer (which it only stands in for).
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonForAnyAcceptWriter>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Instance ??= context.HttpContext.Request.Path;
            // The default writer adds traceId too, but results written outside it (TypedResults.Problem
            // without IProblemDetailsService) would miss it: set it once here for every path.
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            if (problem is HttpValidationProblemDetails validation)
            {
                CamelCaseErrorKeys(validation.Errors);
            }
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<DependencyOutageExceptionHandler>();

        // Malformed JSON, wrong types and missing bodies throw BadHttpRequestException in every
        // environment (the default only throws in Development and otherwise answers an empty 400),
        // so BadRequestExceptionHandler can answer them with a ProblemDetails that says what was wrong.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>
    /// .NET 10's built-in validation keys errors by C# member path ("Email", "Items[0].Url")
    /// whatever the JSON naming policy (dotnet/aspnetcore#61764); clients see camelCase JSON, so
    /// the keys are camelCased here, segment by segment ("email", "items[0].url").
    /// </summary>
    internal static void CamelCaseErrorKeys(IDictionary<string, string[]> errors)
    {
        var renamed = errors.ToList();
        errors.Clear();
        foreach (var (key, messages) in renamed)
        {
            var camel = string.Join('.', key.Split('.').Select(segment => JsonNamingPolicy.CamelCase.ConvertName(segment)));
            errors[camel] = errors.TryGetValue(camel, out var existing) ? [.. existing, .. messages] : messages;
        }
    }

    /// <summary>
    /// Turns request-shape errors (bad JSON, bad parameter, body too large, wrong content type)
    /// into 4xx ProblemDetails. Everything else falls through to the default 500 handler,
    /// which never exposes exception details outside Development.
    /// </summary>
    private sealed partial class BadRequestExceptionHandler(IProblemDetailsService problemDetails, ILogger<BadRequestExceptionHandler> logger)
        : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException badRequest)
            {
                return false;
            }
            logger.LogDebug(exception, "Rejected a malformed request");

            var status = badRequest.StatusCode;
            httpContext.Response.StatusCode = status;
            var problem = status switch
            {
                StatusCodes.Status413PayloadTooLarge => new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = status,
                    Title = "Request body too large",
                    Detail = "The request body is larger than this endpoint accepts.",
                },
                StatusCodes.Status415UnsupportedMediaType => new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = status,
                    Title = "Unsupported media type",
                    Detail = "Send the request body as application/json.",
                },
                _ when FindJsonException(exception) is { } json => JsonProblem(json),
                _ when ParameterProblem(badRequest.Message) is { } parameter => parameter,
                _ => new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = status,
                    Title = "Bad request",
                    Detail = "The request could not be read.",
                },
            };
            return await problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = problem,
                Exception = exception,
            });
        }

        private static JsonException? FindJsonException(Exception exception)
        {
            for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
            {
                if (inner is JsonException json)
                {
                    return json;
                }
            }
            return null;
        }

        /// <summary>
        /// Binding failures of route and query values ("Failed to bind parameter "Nullable`1 status"
        /// from "x".", "Required parameter "int id" was not provided ...") name C# types; the client
        /// gets a validation problem on the parameter instead, in the api's camelCase, without them.
        /// </summary>
        private static HttpValidationProblemDetails? ParameterProblem(string message)
        {
            var match = BoundParameter().Match(message);
            if (!match.Success)
                return null;
            var field = JsonNamingPolicy.CamelCase.ConvertName(match.Groups["name"].Value);
            var text = message.StartsWith("Required parameter", StringComparison.Ordinal)
                ? "A value is required."
                : "The value is not valid for this parameter.";
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [text] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more validation errors occurred.",
            };
        }

        [System.Text.RegularExpressions.GeneratedRegex("""^(?:Failed to bind|Required) parameter "[^"]*?(?<name>[A-Za-z_][A-Za-z0-9_]*)"(?: from| was not provided)""")]
        private static partial System.Text.RegularExpressions.Regex BoundParameter();

        /// <summary>A JSON error becomes a validation problem on the field it happened at ("$.email" → "email").</summary>
        private static HttpValidationProblemDetails JsonProblem(JsonException json)
        {
            var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "$" : json.Path.TrimStart('$', '.');
            var message = json.Path is null or "$"
                ? "The request body is not valid JSON."
                : "The value is not valid JSON or has the wrong type.";
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request body could not be read",
            };
        }
    }
}
