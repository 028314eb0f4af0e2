using System.Text.Json.Nodes;

namespace ApraNova.Tests.Hostile;

/// <summary>
/// One operation of the api's OpenAPI document: what the hostile suite calls. Schemas stay as
/// JSON (resolved through <see cref="OpenApiDocument"/>), the generator reads what it needs.
/// </summary>
public sealed record OpenApiOperation(
    string Method,
    string PathTemplate,
    string OperationId,
    IReadOnlyList<OpenApiParameter> Parameters,
    string? BodyContentType,
    JsonNode? BodySchema)
{
    public IEnumerable<OpenApiParameter> PathParameters => Parameters.Where(p => p.Location == "path");

    public IEnumerable<OpenApiParameter> QueryParameters => Parameters.Where(p => p.Location == "query");

    public bool HasJsonBody => BodyContentType == "application/json";

    public bool HasMultipartBody => BodyContentType == "multipart/form-data";

    public override string ToString() => $"{Method} {PathTemplate} ({OperationId})";
}
