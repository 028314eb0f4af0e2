namespace ApraNova.Api.Features.Mail.Ses;

/// <summary>Where the SES sender gets the credentials it signs with.</summary>
public interface IAwsCredentialsSource
{
    Task<AwsCredentials> GetAsync(CancellationToken cancellationToken);
}
