using System.Net;
using System.Net.Sockets;
using ApraNova.Hosting.Setup;
using Aspire.Hosting;
using Microsoft.Extensions.Configuration;

namespace ApraNova.Hosting.Infrastructure;

/// <summary>
/// Checks what a developer's machine must offer before anything starts, so a missing piece is one
/// sentence naming the problem and the fix instead of a resource failing later with a stack trace.
/// </summary>
public static class Prerequisites
{
    public const int MinimumNodeMajorVersion = 20;

    /// <exception cref="HostingPrerequisiteException">Every problem found, each with its fix.</exception>
    public static void Check(IDistributedApplicationBuilder builder, IReadOnlyDictionary<string, int> fixedPorts)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return;
        }

        var problems = new List<HostingProblem>();
        if (NodeProblem() is { } node)
        {
            problems.Add(node);
        }

        // Tests randomize every port (DcpPublisher:RandomizePorts): only a real run needs the fixed ones.
        if (!builder.Configuration.GetValue<bool>("DcpPublisher:RandomizePorts"))
        {
            var ports = new Dictionary<string, int>(fixedPorts);
            AddPortOf(ports, "dashboard", builder.Configuration["ASPNETCORE_URLS"]);
            AddPortOf(ports, "dashboard OTLP", builder.Configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"]);
            AddPortOf(ports, "dashboard resource service", builder.Configuration["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"]);
            problems.AddRange(PortProblems(ports));
        }

        if (problems.Count > 0)
        {
            throw new HostingPrerequisiteException(problems);
        }
    }

    /// <summary>One problem per port of <paramref name="ports"/> that another process already listens on.</summary>
    public static IEnumerable<HostingProblem> PortProblems(IReadOnlyDictionary<string, int> ports) =>
        ports.Where(p => !IsFree(p.Value)).Select(p => new HostingProblem(
            $"Port {p.Value} ({p.Key}) is already in use by another process.",
            $"Stop that process ('ss -ltnp \"sport = :{p.Value}\"' shows it), for instance an ApraNova AppHost that is still running."));

    /// <summary>Node.js (with npm) runs the web and installs the bundled PostgreSQL: it must be there and recent enough.</summary>
    private static HostingProblem? NodeProblem()
    {
        const string fix = "Install Node.js 20 or later (it brings npm), make sure it is on PATH, then run the AppHost again.";
        if (ChildProcess.FindOnPath("node") is not { } node || ChildProcess.FindOnPath("npm") is null)
        {
            return new("Node.js is not installed (no 'node'/'npm' on PATH); the web and the bundled PostgreSQL need it.", fix);
        }
        var version = ChildProcess.Probe(node, ["--version"], TimeSpan.FromSeconds(30))?.Output.Trim().TrimStart('v') ?? "";
        return int.TryParse(version.Split('.')[0], out var major) && major < MinimumNodeMajorVersion
            ? new($"Node.js {version} is too old for the web (Next.js 16 needs {MinimumNodeMajorVersion} or later).", fix)
            : null;
    }

    private static void AddPortOf(Dictionary<string, int> ports, string name, string? urls)
    {
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (Uri.TryCreate(first, UriKind.Absolute, out var uri) && uri.Port > 0)
        {
            ports[name] = uri.Port;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
