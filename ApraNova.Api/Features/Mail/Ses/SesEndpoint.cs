namespace ApraNova.Api.Features.Mail.Ses;

/// <summary>Where SES answers and the region the requests are signed for, resolved once at start-up.</summary>
public sealed record SesEndpoint(Uri ServiceUrl, string Region)
{
    /// <summary>
    /// <c>Mail:Ses:Region</c>, else AWS_REGION (ECS sets it in every task), else AWS_DEFAULT_REGION;
    /// <c>Mail:Ses:ServiceUrl</c>, else AWS_ENDPOINT_URL_SESV2 / AWS_ENDPOINT_URL (the SDKs' own
    /// override variables), else SES's regional endpoint. A missing region stops start-up.
    /// </summary>
    public static SesEndpoint Resolve(SesOptions options, IConfiguration configuration)
    {
        var region = FirstSet(options.Region, configuration["AWS_REGION"], configuration["AWS_DEFAULT_REGION"])
            ?? throw new InvalidOperationException(
                "Mail:Ses:From is set but no AWS region is: set AWS_REGION (ECS sets it in every task) or Mail:Ses:Region.");
        var url = FirstSet(options.ServiceUrl, configuration["AWS_ENDPOINT_URL_SESV2"], configuration["AWS_ENDPOINT_URL"])
            ?? $"https://email.{region}.amazonaws.com";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var serviceUrl) || serviceUrl.Scheme is not ("https" or "http"))
        {
            throw new InvalidOperationException($"The SES endpoint '{url}' is not an http(s) URL.");
        }
        return new SesEndpoint(serviceUrl, region);
    }

    private static string? FirstSet(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
