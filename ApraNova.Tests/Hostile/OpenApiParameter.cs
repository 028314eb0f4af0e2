using System.Text.Json.Nodes;

namespace ApraNova.Tests.Hostile;

/// <summary>A route or query parameter of an operation, as the OpenAPI document declares it.</summary>
public sealed record OpenApiParameter(string Name, string Location, bool Required, JsonNode? Schema);
