using ApraNova.Api.Data;
using Microsoft.Extensions.DependencyInjection;

namespace ApraNova.Tests.Api;

/// <summary>A DI scope of the api with its DbContext at hand, for arranging and asserting on the database.</summary>
public sealed class DbScope(AsyncServiceScope scope) : IAsyncDisposable
{
    public IServiceProvider Services => scope.ServiceProvider;
    public ApraNovaDbContext Db => scope.ServiceProvider.GetRequiredService<ApraNovaDbContext>();
    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
