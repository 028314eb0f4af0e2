using System.Net.Http.Headers;
using System.Text;
using ApraNova.Api.Features.Mail.Ses;

namespace ApraNova.Tests.Api.Mail;

/// <summary>
/// The SigV4 signer against outside oracles: the signing-key example of the AWS General
/// Reference, and a request signed by botocore's SigV4Auth (the signer of the AWS CLI and of
/// moto's own verification). The moto tests then check signatures end to end.
/// </summary>
public sealed class AwsSigV4SignerTests
{
    [Fact]
    public void Signing_key_matches_the_aws_documentation_example()
    {
        var key = AwsSigV4Signer.SigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");
        Assert.Equal("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d", Convert.ToHexStringLower(key));
    }

    [Fact]
    public void Ses_request_with_temporary_credentials_is_signed_as_botocore_signs_it()
    {
        var body = Encoding.UTF8.GetBytes("""{"FromEmailAddress":"no-reply@apranova.app","Destination":{"ToAddresses":["buyer@example.com"]}}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://email.eu-west-1.amazonaws.com/v2/email/outbound-emails")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        var credentials = new AwsCredentials("ASIAEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-example");

        AwsSigV4Signer.Sign(request, body, credentials, "eu-west-1", "ses", new DateTimeOffset(2026, 11, 26, 5, 10, 10, TimeSpan.Zero));

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLEKEY/20261126/eu-west-1/ses/aws4_request, " +
            "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, " +
            "Signature=8060134d6c8ce5b30d05141d5aa852781779a42ecfd563ea79028530d3354b7d",
            Assert.Single(request.Headers.GetValues("Authorization")));
        Assert.Equal("20261126T051010Z", Assert.Single(request.Headers.GetValues("x-amz-date")));
        Assert.Equal("session-token-example", Assert.Single(request.Headers.GetValues("x-amz-security-token")));
        Assert.Equal("dd967fdc82530ff12ab3cbddd4524cd3c7248fe3f6e532626226fc1b524b62f1", Assert.Single(request.Headers.GetValues("x-amz-content-sha256")));
    }

    [Fact]
    public void Long_lived_credentials_sign_without_a_session_token()
    {
        var body = "{}"u8.ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:5000/v2/email/outbound-emails") { Content = new ByteArrayContent(body) };
        AwsSigV4Signer.Sign(request, body, new AwsCredentials("AKIDEXAMPLE", "secret", null), "us-east-1", "ses", DateTimeOffset.UnixEpoch);

        Assert.False(request.Headers.Contains("x-amz-security-token"));
        Assert.Contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,", Assert.Single(request.Headers.GetValues("Authorization")), StringComparison.Ordinal);
        Assert.Equal("127.0.0.1:5000", request.Headers.Host);
    }
}
