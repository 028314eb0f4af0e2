using System.Globalization;
using System.Net;
using ApraNova.Tests.Api;
using ApraNova.Tests.Rehearsal;

namespace ApraNova.Tests.Faults;

/// <summary>
/// The api as a real, separate process (<c>dotnet ApraNova.Api.dll</c> from its own build output,
/// as the benchmarks and the rehearsal run it), in the Production environment, on a free loopback
/// port: a process the fault tests can SIGKILL mid-request, which an in-process host cannot be.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly RehearsalProcess _process;
    private readonly string _home;

    private ApiProcess(RehearsalProcess process, Uri address, string home)
    {
        _process = process;
        Address = address;
        _home = home;
    }

    public Uri Address { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the api wrote (for failure messages).</summary>
    public string Log => _process.Log;

    /// <summary>
    /// Starts the api with <paramref name="settings"/> (configuration keys, <c>:</c> or <c>__</c>)
    /// over the defaults below, and waits until its <c>/health</c> answers 200.
    /// </summary>
    public static async Task<ApiProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings)
    {
        var port = Ports.Free();
        var home = Directory.CreateTempSubdirectory("apranova-fault-api-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Files__RootPath"] = Path.Combine(home, "files"),
            ["App__PublicUrl"] = "http://localhost:3000",
            // Never GitHub from a test: README look-ups go to a closed local port and degrade at once.
            ["GitHub__ApiBase"] = "http://127.0.0.1:9",
            // The api's own warnings and errors are what a failure message needs; not every request.
            ["Logging__LogLevel__Default"] = "Warning",
            // Every command that fails while a server is down is logged with its SQL by EF: the
            // expected noise of a fault, which would push the lines that matter (unhandled
            // exceptions, with their stack) out of the kept tail of the log.
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Critical",
        };
        foreach (var (key, value) in settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = RehearsalProcess.Start(name, "dotnet", [Path.Combine(ApiDirectory, "ApraNova.Api.dll")], environment,
            workingDirectory: ApiDirectory, isolated: true);
        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"), home);
        try
        {
            await api.WaitUntilHealthyAsync(TimeSpan.FromSeconds(120));
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
        return api;
    }

    /// <summary>The api's build output (built with the tests, which reference it, in the same configuration).</summary>
    public static string ApiDirectory { get; } = FindApiDirectory();

    /// <summary>
    /// A client of this api whose requests come from <paramref name="clientIp"/> (sent as
    /// X-Forwarded-For over loopback, a trusted forwarder, as the load balancer sends it).
    /// </summary>
    public HttpClient CreateClient(IPAddress? clientIp = null) => CreateClient(Address, clientIp);

    public static HttpClient CreateClient(Uri address, IPAddress? clientIp = null) =>
        new(new ClientIpHandler(clientIp ?? ClientIpHandler.NextUniqueAddress())
        {
            InnerHandler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
        })
        {
            BaseAddress = address,
            // A request the load balancer would have given up on (its idle timeout is 60 s) is a failure.
            Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>Polls <c>/health</c> until 200, failing early if the process exits.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan patience)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The api '{_process.Name}' exited while starting:\n{Log}");
            }
            try
            {
                using var response = await client.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The api '{_process.Name}' did not answer /health 200 within {patience.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s:\n{Log}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: the process ends mid-request, its connections reset, nothing flushed.</summary>
    public void Kill() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static string FindApiDirectory()
    {
        // The tests run from <repo>/ApraNova.Tests/bin/<Configuration>/<framework>/.
        var testOutput = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent?.Name ?? "Debug";
        var directory = Path.Combine(RehearsalProcess.RepositoryRoot, "ApraNova.Api", "bin", configuration, framework);
        return File.Exists(Path.Combine(directory, "ApraNova.Api.dll"))
            ? directory
            : throw new InvalidOperationException($"The api's build output is not in {directory}: build ApraNova.Tests (it builds the api) first.");
    }
}
