using System.Net;
using System.Net.Sockets;
using ApraNova.AppHost.Setup;
using Microsoft.Extensions.Configuration;

namespace ApraNova.AppHost.Infrastructure;

/// <summary>
/// Checks what a developer's machine must offer before anything starts, so a missing piece is one
/// sentence naming the problem and the fix instead of a resource failing later with a stack trace.
/// </summary>
public static class Prerequisites
{
    public static void Check(IDistributedApplicationBuilder builder, IReadOnlyDictionary<string, int> fixedPorts)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return;
        }

        var problems = new List<PrerequisiteException>();
        if (ChildProcess.FindOnPath("node") is null || ChildProcess.FindOnPath("npm") is null)
        {
            problems.Add(new("Node.js is not installed (no 'node'/'npm' on PATH); the web and the bundled PostgreSQL need it.",
                "Install Node.js 20 or later, then run the AppHost again."));
        }

        // Tests randomize every port (DcpPublisher:RandomizePorts): only a real run needs the fixed ones.
        if (!builder.Configuration.GetValue<bool>("DcpPublisher:RandomizePorts"))
        {
            var ports = new Dictionary<string, int>(fixedPorts);
            AddPortOf(ports, "dashboard", builder.Configuration["ASPNETCORE_URLS"]);
            AddPortOf(ports, "dashboard OTLP", builder.Configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"]);
            AddPortOf(ports, "dashboard resource service", builder.Configuration["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"]);
            foreach (var (name, port) in ports.Where(p => !IsFree(p.Value)))
            {
                problems.Add(new($"Port {port} ({name}) is already in use by another process.",
                    $"Stop that process ('ss -ltnp \"sport = :{port}\"' shows it), for instance an ApraNova AppHost that is still running."));
            }
        }

        if (problems.Count > 0)
        {
            Fail([.. problems]);
        }
    }

    /// <summary>
    /// Under <c>dotnet run</c>: prints each problem with its fix and exits (no stack trace).
    /// Under a test host: throws the first one.
    /// </summary>
    public static void Fail(params PrerequisiteException[] problems)
    {
        if (typeof(Prerequisites).Assembly != System.Reflection.Assembly.GetEntryAssembly())
        {
            throw problems[0];
        }
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"ApraNova cannot start: {problem.Problem}\n  Fix: {problem.Fix}");
        }
        Environment.Exit(1);
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
