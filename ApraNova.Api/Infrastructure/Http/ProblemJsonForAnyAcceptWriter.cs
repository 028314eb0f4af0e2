using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ApraNova.Api.Infrastructure.Http;

/// <summary>
/// The api speaks one format. The framework's problem writer declines when a client's
/// <c>Accept</c> leaves out JSON (<c>Accept: application/xml</c>), and errors written by the
/// status-code pages (401/403 from authorization, 404, 405) then go out as <c>text/plain</c>. This
/// writer takes exactly those requests and answers them as <c>application/problem+json</c> too,
/// with the same defaults and the same customisation (the traceId) as the framework's.
/// </summary>
public sealed class ProblemJsonForAnyAcceptWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue ProblemJson = new("application/problem+json");

    public bool CanWrite(ProblemDetailsContext context) => !AcceptsJson(context.HttpContext.Request);

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ??= context.HttpContext.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        await context.HttpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, contentType: "application/problem+json");
    }

    /// <summary>What the framework's writer accepts: no Accept, or one that admits JSON or problem+json.</summary>
    private static bool AcceptsJson(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        return accept.Count == 0 || accept.Any(value => Json.IsSubsetOf(value) || ProblemJson.IsSubsetOf(value));
    }
}
