using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace ApraNova.Api.Features.Mail.Ses;

/// <summary>
/// The AWS SDK's default credential chain (AWSSDK.Core): on ECS Fargate the task role's temporary
/// credentials from the container credentials endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
/// or _FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN), refreshed by the SDK before they expire;
/// elsewhere environment variables or a profile. No long-lived key is ever configured for the api.
/// </summary>
public sealed class AwsSdkCredentialsSource : IAwsCredentialsSource, IDisposable
{
    private readonly SemaphoreSlim _resolve = new(1, 1);
    private AWSCredentials? _credentials;

    public async Task<AwsCredentials> GetAsync(CancellationToken cancellationToken)
    {
        var credentials = _credentials ?? await ResolveAsync(cancellationToken);
        // The provider caches and refreshes (container credentials shortly before Expiration).
        var current = await credentials.GetCredentialsAsync().WaitAsync(cancellationToken);
        return new AwsCredentials(current.AccessKey, current.SecretKey, current.UseToken ? current.Token : null);
    }

    private async Task<AWSCredentials> ResolveAsync(CancellationToken cancellationToken)
    {
        await _resolve.WaitAsync(cancellationToken);
        try
        {
            // An instance of its own (not the SDK's static one), so the chain is read once per api and
            // the provider it finds (container credentials on ECS) caches and refreshes for us.
            return _credentials ??= await new DefaultAWSCredentialsIdentityResolver().ResolveIdentityAsync(null, cancellationToken);
        }
        finally
        {
            _resolve.Release();
        }
    }

    public void Dispose() => _resolve.Dispose();
}
