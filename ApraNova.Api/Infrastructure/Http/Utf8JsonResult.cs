using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace ApraNova.Api.Infrastructure.Http;

/// <summary>
/// A 200 whose JSON body was serialised ahead of time (a cached answer): writing it is copying
/// bytes. Describes itself in the API document as <c>TypedResults.Ok&lt;T&gt;</c> does, so the
/// contract does not change when an endpoint starts serving cached bytes.
/// </summary>
public sealed class Utf8JsonResult<T>(byte[] utf8Json) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => JsonContentType;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = JsonContentType;
        response.ContentLength = utf8Json.Length;
        return response.Body.WriteAsync(utf8Json, httpContext.RequestAborted).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
