using System.Net;
using System.Net.Sockets;
using ApraNova.Hosting;
using ApraNova.Hosting.Infrastructure;
using Aspire.Hosting;

namespace ApraNova.Tests.Hosting;

public sealed class PrerequisitesTests
{
    [Fact]
    public void A_port_in_use_is_a_problem_that_names_the_port_and_the_fix()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var taken = ((IPEndPoint)listener.LocalEndpoint).Port;

            var problem = Assert.Single(Prerequisites.PortProblems(new Dictionary<string, int> { ["api"] = taken }));

            Assert.Contains($"Port {taken} (api)", problem.Problem);
            Assert.Contains($"sport = :{taken}", problem.Fix);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void A_free_port_is_no_problem()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        Assert.Empty(Prerequisites.PortProblems(new Dictionary<string, int> { ["web"] = port }));
    }

    [Fact]
    public void Several_problems_make_one_message_each_with_its_fix()
    {
        var exception = new HostingPrerequisiteException([new("First problem.", "First fix."), new("Second problem.", "Second fix.")]);

        Assert.Equal(
            $"ApraNova cannot start: First problem.{Environment.NewLine}  Fix: First fix.{Environment.NewLine}" +
            $"ApraNova cannot start: Second problem.{Environment.NewLine}  Fix: Second fix.",
            exception.Message);
    }

    [Fact]
    public void An_unknown_infrastructure_setting_is_a_prerequisite_failure()
    {
        var builder = DistributedApplication.CreateBuilder(["--ApraNova:Infrastructure=kubernetes"]);

        var failure = Assert.Throws<HostingPrerequisiteException>(() => LocalInfrastructure.Resolve(builder));

        Assert.Contains("ApraNova:Infrastructure is 'kubernetes'", failure.Message);
        Assert.Contains("'auto', 'containers' or 'processes'", failure.Message);
    }

    [Fact]
    public void Processes_can_be_chosen_and_the_data_folder_configured()
    {
        var data = Path.Combine(Path.GetTempPath(), "apranova-paths-" + Guid.NewGuid().ToString("N"));
        var builder = DistributedApplication.CreateBuilder(["--ApraNova:Infrastructure=processes", $"--ApraNova:DataDirectory={data}"]);

        var local = LocalInfrastructure.Resolve(builder);

        Assert.Equal(InfrastructureMode.Processes, local.Mode);
        Assert.Equal(Path.Combine(data, "postgres"), local.Paths.PostgresData);
        Assert.Equal(Path.Combine(data, "tools"), local.Paths.ToolsDirectory);
    }

    [Fact]
    public void Publishing_always_models_containers()
    {
        var builder = DistributedApplication.CreateBuilder(["--operation", "publish", "--ApraNova:Infrastructure=processes"]);

        Assert.Equal(InfrastructureMode.Containers, LocalInfrastructure.Resolve(builder).Mode);
    }
}
