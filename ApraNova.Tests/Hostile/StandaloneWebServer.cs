using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ApraNova.Hosting.Setup;
using ApraNova.Hosting.Web;
using ApraNova.Tests.Web;
using Microsoft.Extensions.Logging.Abstractions;

namespace ApraNova.Tests.Hostile;

/// <summary>
/// The web as its image runs it (the Next.js standalone server, production mode) in front of an
/// api on a socket, so requests can go through the web's /api forwarder. Built with the AppHost's
/// own build step (skipped when the web's sources are unchanged since the last build).
/// </summary>
public sealed class StandaloneWebServer : IAsyncDisposable
{
    private readonly Process process;

    private StandaloneWebServer(Process process, Uri address) => (this.process, Address) = (process, address);

    public Uri Address { get; }

    public static async Task<StandaloneWebServer> StartAsync(Uri apiAddress, CancellationToken cancellationToken)
    {
        await WebProject.EnsureInstalledAsync(cancellationToken);
        await new NextJsProject(WebProject.Directory).BuildAsync(new SetupStepContext(NullLogger.Instance, cancellationToken));

        var port = FreePort();
        var start = new ProcessStartInfo("node", Path.Combine(".next", "standalone", "server.js"))
        {
            WorkingDirectory = WebProject.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["API_URL"] = apiAddress.ToString().TrimEnd('/');
        start.Environment["PORT"] = port.ToString();
        start.Environment["HOSTNAME"] = "127.0.0.1";
        start.Environment["NODE_ENV"] = "production";
        start.Environment["NEXT_TELEMETRY_DISABLED"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new StandaloneWebServer(process, new Uri($"http://127.0.0.1:{port}"));

        // Ready when it answers; bounded, so a web that cannot start fails the run instead of hanging it.
        try
        {
            using var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(10) };
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (true)
            {
                try
                {
                    using var response = await client.GetAsync("/api/tracks", cancellationToken);
                    return server;
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
                {
                    await Task.Delay(250, cancellationToken);
                }
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
