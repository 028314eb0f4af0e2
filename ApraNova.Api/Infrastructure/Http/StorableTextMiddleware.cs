using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace ApraNova.Api.Infrastructure.Http;

/// <summary>
/// Applies <see cref="StorableText"/> to everything a request carries as text before an endpoint
/// sees it: route values, query string names and values, and every string (and property name) of
/// a JSON body. A violation is a 400 validation problem naming where it was ("email",
/// "items[0].url", the query parameter), so no endpoint ever hands such text to PostgreSQL.
/// The one exception is an endpoint marked <see cref="CleansItsOwnText"/>: its body is not a
/// client's to correct, so it cleans the text it keeps itself.
/// </summary>
public static class StorableTextMiddleware
{
    /// <summary>Runs after routing and authorization (an anonymous caller still gets its 401 first), before the endpoint.</summary>
    public static IApplicationBuilder UseStorableText(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Route values and the query string are checked at once; only a JSON body is awaited. A
        // request with neither (most GETs) goes on without a state machine or a parsed query.
        if (FindUnstorableOutsideBody(context.Request) is { } field)
            return RejectAsync(context, field);
        return IsJson(context.Request) && context.GetEndpoint()?.Metadata.GetMetadata<CleansItsOwnTextMetadata>() is null
            ? CheckBodyThenAsync(context, next)
            : next(context);
    });

    /// <summary>
    /// For an endpoint whose JSON body is not a client's to fix (Stripe's signed webhooks): refusing
    /// it would refuse the event for good, so the endpoint cleans the text it keeps instead
    /// (<see cref="StorableText.Clean"/>), and its body is not read twice.
    /// </summary>
    public static TBuilder CleansItsOwnText<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(CleansItsOwnTextMetadata.Instance);

    private sealed class CleansItsOwnTextMetadata
    {
        public static readonly CleansItsOwnTextMetadata Instance = new();
    }

    private static async Task CheckBodyThenAsync(HttpContext context, RequestDelegate next)
    {
        if (await FindInJsonBodyAsync(context) is { } field)
        {
            await RejectAsync(context, field);
            return;
        }
        await next(context);
    }

    private static Task RejectAsync(HttpContext context, string field) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [StorableText.Message] }).ExecuteAsync(context);

    private static string? FindUnstorableOutsideBody(HttpRequest request)
    {
        foreach (var (name, value) in request.RouteValues)
        {
            if (value is string text && !StorableText.IsStorable(text))
                return name;
        }
        // Request.Query parses (and allocates) on first use: not for a request without a query string.
        if (!request.QueryString.HasValue)
            return null;
        foreach (var (name, values) in request.Query)
        {
            if (!StorableText.IsStorable(name))
                return "$query";
            if (values.Any(value => value is not null && !StorableText.IsStorable(value)))
                return name;
        }
        return null;
    }

    private static bool IsJson(HttpRequest request) =>
        request.ContentType is { Length: > 0 } contentType
        && MediaTypeHeaderValue.TryParse(contentType, out var type)
        && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Reads the (size-limited, see <see cref="RequestBodyLimit"/>) body once, keeping it for the
    /// endpoint. Only escaped strings can carry U+0000 or a surrogate; malformed JSON is left to
    /// the endpoint's binding, which answers it with its own 400.
    /// </summary>
    private static async Task<string?> FindInJsonBodyAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength == 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
            return null;
        request.EnableBuffering();
        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
        }
        request.Body.Position = 0;
        return FindInJson(body);
    }

    internal static string? FindInJson(ReadOnlySpan<byte> json) =>
        HasUnstorableString(json) ? PathOfUnstorable(json) : null;

    private static JsonReaderOptions ReaderOptions => new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 };

    /// <summary>
    /// The common case, cheaply: only an escaped string (or property name) can carry U+0000 or a
    /// surrogate, so nothing else is materialized and no path is kept. Allocating every name of a
    /// body and tracking where it stood was a visible share of a JSON request's CPU (it showed in
    /// the webhook profile before webhooks were exempted).
    /// </summary>
    private static bool HasUnstorableString(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String && reader.ValueIsEscaped && Unescaped(ref reader) is null)
                    return true;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the endpoint's binding answers that.
        }
        return false;
    }

    /// <summary>Where the first unstorable string of a body known to have one stands ("items[0].url").</summary>
    private static string? PathOfUnstorable(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        var path = new JsonPath();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        path.EnterValue();
                        path.Push(isArray: false);
                        break;
                    case JsonTokenType.StartArray:
                        path.EnterValue();
                        path.Push(isArray: true);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = Unescaped(ref reader);
                        path.Property(name ?? "?");
                        if (name is null)
                            return path.ToString();
                        break;
                    case JsonTokenType.String:
                        path.EnterValue();
                        if (reader.ValueIsEscaped && Unescaped(ref reader) is null)
                            return path.ToString();
                        break;
                    default:
                        path.EnterValue();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the endpoint's binding answers that.
        }
        return null;
    }

    /// <summary>The string, or null when it is not storable (a lone surrogate escape cannot even be read as a string).</summary>
    private static string? Unescaped(ref Utf8JsonReader reader)
    {
        try
        {
            var text = reader.GetString();
            return text is not null && StorableText.IsStorable(text) ? text : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Where the reader is, as the api names fields: camelCase members and [index] ("items[0].url").</summary>
    private sealed class JsonPath
    {
        private readonly List<Frame> frames = [];

        private sealed class Frame(bool isArray)
        {
            public bool IsArray { get; } = isArray;
            public int Index { get; set; } = -1;
            public string? Property { get; set; }
        }

        public void Push(bool isArray) => frames.Add(new Frame(isArray));

        public void Pop()
        {
            if (frames.Count > 0)
                frames.RemoveAt(frames.Count - 1);
        }

        public void Property(string name) => frames[^1].Property = name;

        /// <summary>A value starts: inside an array it is the next element.</summary>
        public void EnterValue()
        {
            if (frames.Count > 0 && frames[^1].IsArray)
                frames[^1].Index++;
        }

        public override string ToString()
        {
            var text = new System.Text.StringBuilder();
            foreach (var frame in frames)
            {
                if (frame.IsArray && frame.Index >= 0)
                    text.Append('[').Append(frame.Index).Append(']');
                else if (!frame.IsArray && frame.Property is { } property)
                    text.Append(text.Length > 0 ? "." : "").Append(JsonNamingPolicy.CamelCase.ConvertName(property));
            }
            return text.Length > 0 ? text.ToString() : "$";
        }
    }
}
