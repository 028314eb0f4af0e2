using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace ApraNova.Api.Infrastructure.Http;

/// <summary>
/// A small default body limit for the whole api (JSON requests are a few KB), raised per
/// endpoint with <see cref="WithRequestBodyLimit{TBuilder}"/> (file uploads). Kestrel's own
/// 30 MB default would let any anonymous client make the api buffer 30 MB of JSON.
/// </summary>
public static class RequestBodyLimit
{
    public const long DefaultBytes = 1024 * 1024;

    /// <summary>Allows bodies up to <paramref name="bytes"/> on these endpoints (e.g. uploads).</summary>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestSizeLimitAttribute(bytes));

    /// <summary>Must run after routing (the endpoint decides its limit) and before anything reads the body.</summary>
    // Not async: it awaits nothing of its own, so every request is spared a state machine.
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? DefaultBytes;

        // A declared length over the limit is refused before a byte is read.
        if (context.Request.ContentLength > limit)
        {
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }
        // Chunked bodies: the server enforces the limit while reading (Kestrel throws
        // BadHttpRequestException 413, answered as ProblemDetails by the exception handler).
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit;
        }
        return next(context);
    });
}
