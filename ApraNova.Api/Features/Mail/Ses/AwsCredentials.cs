namespace ApraNova.Api.Features.Mail.Ses;

/// <summary>One set of AWS credentials; <see cref="SessionToken"/> is set for temporary ones (a task role's).</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    /// <summary>Never the secret: this record may end up in a log line.</summary>
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId}, Temporary = {SessionToken is not null} }}";
}
