namespace ApraNova.Api.Infrastructure;

/// <summary>
/// Names the api's assembly for <c>WebApplicationFactory&lt;ApiEntryPoint&gt;</c>. Since .NET 10
/// the compiler makes every top-level <c>Program</c> public, so the tests (which reference both
/// the api and the AppHost) cannot tell the two <c>Program</c> classes apart.
/// </summary>
public sealed class ApiEntryPoint
{
    private ApiEntryPoint()
    {
    }
}
