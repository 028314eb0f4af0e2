using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace ApraNova.Tests.Hosting.Aws.Emulator;

/// <summary>
/// A moto_server (local AWS emulator) of this test alone: bound to 127.0.0.1 on a free port,
/// started and awaited within a time limit, and killed (with its children) on dispose. Talks to
/// it with the aws CLI, as a user would talk to AWS.
/// </summary>
public sealed class MotoServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private MotoServer(Process process, int port)
    {
        _process = process;
        Endpoint = $"http://127.0.0.1:{port}";
    }

    public string Endpoint { get; }

    /// <summary>What moto printed (its request log and tracebacks), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<MotoServer> StartAsync()
    {
        var port = FreePort();
        var start = new ProcessStartInfo(ExternalTool.Require("moto_server"))
        {
            ArgumentList = { "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        KeepAwayFromRealCredentials(start);
        var server = new MotoServer(new Process { StartInfo = start }, port);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = new CancellationTokenSource(StartTimeout);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync($"{server.Endpoint}/moto-api/", deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                await server.DisposeAsync();
                throw new TimeoutException($"moto_server did not answer on {server.Endpoint} within {StartTimeout}: {server.Log}");
            }

            if (server._process.HasExited)
            {
                throw new InvalidOperationException($"moto_server exited with {server._process.ExitCode}: {server.Log}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
        }
    }

    /// <summary>Runs <c>aws {arguments} --output json</c> against this emulator; throws with the output when it fails.</summary>
    public async Task<JsonNode?> AwsAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(ExternalTool.Require("aws")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in (string[])["--endpoint-url", Endpoint, "--region", "us-east-1", "--output", "json"])
        {
            start.ArgumentList.Add(argument);
        }

        KeepAwayFromRealCredentials(start);

        var (exitCode, output) = await ExternalProcess.RunAsync(start, CommandTimeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"aws {string.Join(' ', arguments)} failed ({exitCode}): {output}\nmoto: {Tail(Log)}");
        }

        var json = output.IndexOfAny(['{', '[']) is var index and >= 0 ? output[index..] : "";
        return json.Length == 0 ? null : JsonNode.Parse(json);
    }

    /// <summary>
    /// moto accepts any credentials, and moto_server itself creates boto3 clients that resolve
    /// some: throwaway keys keep both it and the CLI away from this machine's real ones and from a
    /// container credentials endpoint another test may be serving.
    /// </summary>
    private static void KeepAwayFromRealCredentials(ProcessStartInfo start)
    {
        start.Environment["AWS_ACCESS_KEY_ID"] = "testing";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "testing";
        start.Environment["AWS_SESSION_TOKEN"] = "testing";
        foreach (var name in (string[])["AWS_PROFILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_WEB_IDENTITY_TOKEN_FILE"])
        {
            start.Environment.Remove(name);
        }
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(wait.Token);
        }

        _process.Dispose();
    }

    public static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
