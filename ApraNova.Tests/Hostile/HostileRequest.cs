using System.Text;

namespace ApraNova.Tests.Hostile;

/// <summary>
/// One request the hostile suite sends, before it is given a sender (<see cref="HostileActor"/>):
/// the method, the path with its query, a body and extra headers, and what was done to it.
/// </summary>
public sealed record HostileRequest(
    OpenApiOperation? Operation,
    string Mutation,
    string Method,
    string PathAndQuery,
    byte[]? Body = null,
    string? ContentType = null,
    IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    public HttpRequestMessage ToMessage(HostileActor actor, string? forwardedFor)
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), PathAndQuery);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        if (actor.AccessToken is { } token)
            message.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        if (forwardedFor is not null)
            message.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        foreach (var (name, value) in Headers ?? [])
        {
            if (!message.Headers.TryAddWithoutValidation(name, value) && message.Content is not null)
                message.Content.Headers.TryAddWithoutValidation(name, value);
        }
        return message;
    }

    /// <summary>What a failure report shows: enough to replay it by hand.</summary>
    public string Describe(HostileActor actor)
    {
        var text = new StringBuilder($"[{Mutation}] {actor} {Method} {PathAndQuery}");
        if (Headers is { Count: > 0 })
            text.Append(" headers: ").Append(string.Join("; ", Headers.Select(h => $"{h.Key}: {Excerpt(h.Value, 80)}")));
        if (Body is not null)
            text.Append($" body ({ContentType}, {Body.Length} bytes): ").Append(Excerpt(Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 400)), 200));
        return text.ToString();
    }

    public static string Excerpt(string text, int length)
    {
        var escaped = new StringBuilder();
        foreach (var c in text.Length > length ? text[..length] : text)
            escaped.Append(char.IsControl(c) || char.IsSurrogate(c) || c is '\u202E' ? $"\\u{(int)c:X4}" : c.ToString());
        return text.Length > length ? escaped + "…" : escaped.ToString();
    }
}
