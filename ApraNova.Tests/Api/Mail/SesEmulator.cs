using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using ApraNova.Api.Features.Mail.Ses;
using ApraNova.Tests.Hosting.Aws.Emulator;

namespace ApraNova.Tests.Api.Mail;

/// <summary>
/// Amazon SES, IAM and STS as moto_server emulates them, bound to 127.0.0.1 on a free port, for
/// one test (or one rehearsal). Set-up calls (identity, role, assumed-role credentials) run
/// before <see cref="EnforceAuthenticationAsync"/>; after it moto checks every call's SigV4
/// signature, session token and IAM permission, as AWS does. Sent mail is read back from moto's
/// model (<c>/moto-api/data.json</c>).
/// </summary>
public sealed class SesEmulator : IAsyncDisposable
{
    public const string Region = "us-east-1";
    // Set-up calls are unauthenticated until EnforceAuthenticationAsync; moto still routes by the
    // credential scope of the Authorization header, so they are signed with throwaway keys.
    private static readonly AwsCredentials SetUpCredentials = new("AKIASETUPSETUPSETUP0", "set-up", null);

    private readonly MotoServer _moto;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private SesEmulator(MotoServer moto)
    {
        _moto = moto;
        Endpoint = new Uri(moto.Endpoint);
    }

    public Uri Endpoint { get; }

    /// <summary>The end of what moto printed, for failure messages.</summary>
    public string Log => MotoServer.Tail(_moto.Log);

    public static async Task<SesEmulator> StartAsync() => new(await MotoServer.StartAsync());

    /// <summary>Creates and verifies an SES identity (an address or a domain), as an operator does once.</summary>
    public async Task VerifyIdentityAsync(string identity)
    {
        var body = new JsonObject { ["EmailIdentity"] = identity }.ToJsonString();
        await SendAsync(HttpMethod.Post, "/v2/email/identities", "ses", body, "application/json");
    }

    /// <summary>
    /// A role the "task" assumes, with one inline policy allowing <paramref name="actions"/>, and
    /// temporary credentials for it (what the ECS credentials endpoint hands a task). moto
    /// authorizes SES calls against resource "*" (it models no SES resource ARNs), so the
    /// identity scoping of the real policy is checked on the synthesized template instead.
    /// </summary>
    public async Task<AwsCredentials> AssumeTaskRoleAsync(string roleName, params string[] actions)
    {
        var trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
        var policy = new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(new JsonObject
            {
                ["Effect"] = "Allow",
                ["Action"] = new JsonArray([.. actions.Select(a => (JsonNode)a)]),
                ["Resource"] = "*",
            }),
        }.ToJsonString();
        var created = await QueryAsync("iam", "2010-05-08", new()
        {
            ["Action"] = "CreateRole", ["RoleName"] = roleName, ["AssumeRolePolicyDocument"] = trust,
        });
        var roleArn = created.Descendants().First(e => e.Name.LocalName == "Arn").Value;
        if (actions.Length > 0)
        {
            await QueryAsync("iam", "2010-05-08", new()
            {
                ["Action"] = "PutRolePolicy", ["RoleName"] = roleName, ["PolicyName"] = "task", ["PolicyDocument"] = policy,
            });
        }
        var assumed = await QueryAsync("sts", "2011-06-15", new()
        {
            ["Action"] = "AssumeRole", ["RoleArn"] = roleArn, ["RoleSessionName"] = roleName,
        });
        string Value(string name) => assumed.Descendants().First(e => e.Name.LocalName == name).Value;
        return new AwsCredentials(Value("AccessKeyId"), Value("SecretAccessKey"), Value("SessionToken"));
    }

    /// <summary>From now on moto checks signatures, tokens and permissions of every AWS call.</summary>
    public async Task EnforceAuthenticationAsync()
    {
        using var response = await _http.PostAsync(new Uri(Endpoint, "/moto-api/reset-auth"), new StringContent("0"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>What SES accepted, oldest first (moto keeps the HTML body of a message that has one).</summary>
    public async Task<IReadOnlyList<SentEmail>> SentAsync()
    {
        var data = JsonNode.Parse(await _http.GetStringAsync(new Uri(Endpoint, "/moto-api/data.json")))!;
        return [.. (data["ses"]?["Message"]?.AsArray() ?? [])
            .Select(m => new SentEmail(
                m!["id"]!.GetValue<string>(),
                m["source"]!.GetValue<string>(),
                [.. m["destinations"]!["ToAddresses"]!.AsArray().Select(a => a!.GetValue<string>())],
                m["subject"]!.GetValue<string>(),
                m["body"]!.GetValue<string>()))];
    }

    /// <summary>Waits until SES has accepted <paramref name="count"/> emails to <paramref name="to"/> (those matching <paramref name="where"/>, if given).</summary>
    public async Task<IReadOnlyList<SentEmail>> WaitForAsync(string to, int count = 1, TimeSpan? timeout = null, Func<SentEmail, bool>? where = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var sent = (await SentAsync()).Where(m => m.To.Contains(to, StringComparer.OrdinalIgnoreCase) && (where is null || where(m))).ToList();
            if (sent.Count >= count)
            {
                return sent;
            }
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"SES received {sent.Count} of {count} emails to {to}. moto: {Log}");
            }
            await Task.Delay(100);
        }
    }

    private async Task<XElement> QueryAsync(string service, string version, Dictionary<string, string> parameters)
    {
        parameters["Version"] = version;
        var body = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return XElement.Parse(await SendAsync(HttpMethod.Post, "/", service, body, "application/x-www-form-urlencoded"));
    }

    private async Task<string> SendAsync(HttpMethod method, string path, string service, string body, string contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(method, new Uri(Endpoint, path))
        {
            Content = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue(contentType) } },
        };
        AwsSigV4Signer.Sign(request, bytes, SetUpCredentials, Region, service, DateTimeOffset.UtcNow);
        using var response = await _http.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{service} {path} failed ({(int)response.StatusCode}): {answer}\nmoto: {Log}");
        }
        return answer;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _moto.DisposeAsync();
    }
}
