using ApraNova.Hosting.Infrastructure;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ApraNova.Tests.Hosting;

public sealed class ConnectionStringHealthCheckTests
{
    [Fact]
    public async Task The_check_gets_the_connection_string_once_Aspire_announces_it()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], DisableDashboard = true });
        var probe = builder.AddResource(new ProbeResource("probe"));
        string? checkedWith = null;

        probe.WithConnectionStringHealthCheck((checks, connectionString, name) => checks.AddCheck(name, () =>
        {
            checkedWith = connectionString();
            return HealthCheckResult.Healthy();
        }));

        Assert.Contains(probe.Resource.Annotations.OfType<HealthCheckAnnotation>(), annotation => annotation.Key == "probe_check");
        await using var app = builder.Build();
        var health = app.Services.GetRequiredService<HealthCheckService>();

        var before = await health.CheckHealthAsync(check => check.Name == "probe_check");
        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Contains("not available yet", before.Entries["probe_check"].Exception?.Message);

        await builder.Eventing.PublishAsync(new ConnectionStringAvailableEvent(probe.Resource, app.Services));
        var after = await health.CheckHealthAsync(check => check.Name == "probe_check");

        Assert.Equal(HealthStatus.Healthy, after.Status);
        Assert.Equal("Host=probe.example;Port=5432", checkedWith);
    }

    private sealed class ProbeResource(string name) : Resource(name), IResourceWithConnectionString
    {
        public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"Host=probe.example;Port=5432");
    }
}
