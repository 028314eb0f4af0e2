namespace ApraNova.Api.Features.Mail.Ses;

/// <summary>
/// Amazon SES v2 (<c>Mail:Ses</c>). In ECS the api task gets <c>Mail__Ses__From</c> from the stack's
/// sender parameter and AWS_REGION from ECS itself; its task role may send from that identity only.
/// </summary>
public sealed class SesOptions
{
    /// <summary>
    /// The From address, e.g. <c>ApraNova &lt;no-reply@apranova.app&gt;</c>; its address (or its domain)
    /// must be a verified SES identity. Setting it turns SES delivery on.
    /// </summary>
    public string? From { get; set; }

    /// <summary>The SES region; default AWS_REGION (set by ECS), then AWS_DEFAULT_REGION.</summary>
    public string? Region { get; set; }

    /// <summary>
    /// Endpoint override (an emulator such as moto_server); default AWS_ENDPOINT_URL_SESV2, then
    /// AWS_ENDPOINT_URL (the AWS SDKs' own variables), then https://email.{region}.amazonaws.com.
    /// </summary>
    public string? ServiceUrl { get; set; }

    /// <summary>An SES configuration set (event destinations for bounces and complaints), when the account has one.</summary>
    public string? ConfigurationSetName { get; set; }

    /// <summary>Per-call timeout; a slow SES answer fails this attempt and the outbox retries later.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}
