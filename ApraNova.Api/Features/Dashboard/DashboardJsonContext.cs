using System.Text.Json;
using System.Text.Json.Serialization;

namespace ApraNova.Api.Features.Dashboard;

/// <summary>
/// Source-generated JSON metadata for the dashboard's response (the most requested authenticated
/// page): no reflection to build or run at serialization. Put first in the api's resolver chain by
/// <see cref="DashboardFeature"/>, under the api's own options (camelCase, enums as camelCase
/// strings, strict numbers), so the JSON is the same as before.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DashboardView))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
