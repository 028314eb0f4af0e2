using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ApraNova.Api.Features.Mail.Ses;

namespace ApraNova.Tests.Api.Mail;

/// <summary>
/// A stand-in for the ECS container credentials endpoint: answers GET with a role's temporary
/// credentials in the format ECS uses, only with the right Authorization token (what the AWS
/// SDKs send from AWS_CONTAINER_AUTHORIZATION_TOKEN with AWS_CONTAINER_CREDENTIALS_FULL_URI).
/// </summary>
public sealed class ContainerCredentialsEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly AwsCredentials _credentials;
    private readonly Task _serving;
    private int _served;

    public ContainerCredentialsEndpoint(AwsCredentials credentials)
    {
        _credentials = credentials;
        var port = FreePort();
        FullUri = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/v2/credentials/task";
        _listener.Prefixes.Add($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>AWS_CONTAINER_CREDENTIALS_FULL_URI.</summary>
    public string FullUri { get; }

    /// <summary>AWS_CONTAINER_AUTHORIZATION_TOKEN.</summary>
    public string AuthorizationToken { get; } = Guid.NewGuid().ToString("N");

    /// <summary>How many times credentials were handed out.</summary>
    public int Served => Volatile.Read(ref _served);

    /// <summary>The variables an AWS SDK reads to find this endpoint (ECS sets the _RELATIVE_URI form itself).</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = FullUri,
        ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = AuthorizationToken,
    };

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var response = context.Response;
            if (context.Request.HttpMethod != "GET" || context.Request.Url?.AbsolutePath != new Uri(FullUri).AbsolutePath)
            {
                response.StatusCode = 404;
                continue;
            }
            if (context.Request.Headers["Authorization"] != AuthorizationToken)
            {
                response.StatusCode = 401;
                continue;
            }
            Interlocked.Increment(ref _served);
            var body = new JsonObject
            {
                ["AccessKeyId"] = _credentials.AccessKeyId,
                ["SecretAccessKey"] = _credentials.SecretAccessKey,
                ["Token"] = _credentials.SessionToken,
                ["Expiration"] = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["RoleArn"] = "arn:aws:iam::123456789012:role/task",
            }.ToJsonString();
            response.ContentType = "application/json";
            var bytes = System.Text.Encoding.UTF8.GetBytes(body);
            await response.OutputStream.WriteAsync(bytes);
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
