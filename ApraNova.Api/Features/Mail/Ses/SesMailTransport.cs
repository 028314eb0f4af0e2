using System.Net.Http.Headers;
using System.Net.Mime;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApraNova.Api.Infrastructure.Http;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Mail.Ses;

/// <summary>
/// Delivery through Amazon SES v2 <c>SendEmail</c> (<c>POST /v2/email/outbound-emails</c>), a
/// simple message with a text and an HTML body, signed (SigV4, service <c>ses</c>) with the task
/// role's temporary credentials. SES itself builds the multipart/alternative MIME message.
/// </summary>
public sealed class SesMailTransport(
    HttpClient http, IAwsCredentialsSource credentials, SesEndpoint endpoint, IOptionsMonitor<MailOptions> options, TimeProvider clock,
    ILogger<SesMailTransport> logger) : IMailTransport
{
    public const string HttpClientName = "ses";
    /// <summary>The signing name of SES (v1 and v2 alike), as in its IAM actions (<c>ses:SendEmail</c>).</summary>
    public const string SigningService = "ses";
    public const string SendEmailPath = "/v2/email/outbound-emails";

    public string Name => "ses";

    public async Task SendAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
        var ses = options.CurrentValue.Ses;
        var body = JsonSerializer.SerializeToUtf8Bytes(SendEmailRequest(email, ses));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.ServiceUrl, SendEmailPath))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue(MediaTypeNames.Application.Json) } },
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ses.Timeout);
        try
        {
            var signingCredentials = await credentials.GetAsync(timeout.Token);
            AwsSigV4Signer.Sign(request, body, signingCredentials, endpoint.Region, SigningService, clock.GetUtcNow());
            using var response = await http.SendAsync(request, timeout.Token);
            var answer = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new MailDeliveryException($"SES answered {(int)response.StatusCode} {ErrorType(response)}: {Truncate(answer)}");
            }
            logger.LogInformation("Email {EmailId} accepted by SES as {MessageId}", email.Id, MessageId(answer));
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MailDeliveryException($"SES did not answer within {ses.Timeout}", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or Amazon.Runtime.AmazonClientException)
        {
            // Unreachable endpoint, or no credentials (no task role, credentials endpoint down).
            throw new MailDeliveryException(ex.Message, ex);
        }
    }

    /// <summary>The SendEmail request body (SES v2 API reference, SendEmail).</summary>
    public static JsonObject SendEmailRequest(OutboxEmail email, SesOptions ses)
    {
        var body = new JsonObject { ["Text"] = Content(email.TextBody) };
        if (email.HtmlBody is not null)
        {
            body["Html"] = Content(email.HtmlBody);
        }
        var request = new JsonObject
        {
            // A bare address (the stack's sender parameter) gets the product's name as display name.
            ["FromEmailAddress"] = ses.From is { } from && !from.Contains('<', StringComparison.Ordinal) ? $"ApraNova <{from.Trim()}>" : ses.From,
            ["Destination"] = new JsonObject { ["ToAddresses"] = new JsonArray(email.To) },
            ["Content"] = new JsonObject
            {
                ["Simple"] = new JsonObject { ["Subject"] = Content(email.Subject), ["Body"] = body },
            },
        };
        if (!string.IsNullOrWhiteSpace(ses.ConfigurationSetName))
        {
            request["ConfigurationSetName"] = ses.ConfigurationSetName;
        }
        return request;
    }

    private static JsonObject Content(string data) => new() { ["Data"] = data, ["Charset"] = "UTF-8" };

    private static string ErrorType(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.First().Split(':')[0] : response.ReasonPhrase ?? "";

    private static string? MessageId(string answer)
    {
        try
        {
            return JsonNode.Parse(answer)?["MessageId"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string text) => StorableText.Truncate(text, 500);
}
