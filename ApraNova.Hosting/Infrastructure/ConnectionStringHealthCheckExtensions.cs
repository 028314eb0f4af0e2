using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace ApraNova.Hosting.Infrastructure;

public static class ConnectionStringHealthCheckExtensions
{
    /// <summary>
    /// Adds a health check (named <c>{resource}_check</c>) that needs the resource's connection
    /// string. The string exists only once the endpoints are allocated: it is captured when Aspire
    /// announces it, and the check fails ("unavailable") until then.
    /// </summary>
    /// <param name="addCheck">Registers the check, e.g. <c>(checks, connectionString, name) =&gt; checks.AddRedis(_ =&gt; connectionString(), name: name)</c>.</param>
    public static IResourceBuilder<T> WithConnectionStringHealthCheck<T>(this IResourceBuilder<T> resource,
        Action<IHealthChecksBuilder, Func<string>, string> addCheck)
        where T : IResourceWithConnectionString
    {
        string? connectionString = null;
        resource.ApplicationBuilder.Eventing.Subscribe<ConnectionStringAvailableEvent>(resource.Resource, async (_, cancellationToken) =>
            connectionString = await resource.Resource.ConnectionStringExpression.GetValueAsync(cancellationToken));

        var name = $"{resource.Resource.Name}_check";
        addCheck(resource.ApplicationBuilder.Services.AddHealthChecks(),
            () => connectionString ?? throw new InvalidOperationException($"The connection string of '{resource.Resource.Name}' is not available yet."),
            name);
        return resource.WithHealthCheck(name);
    }
}
