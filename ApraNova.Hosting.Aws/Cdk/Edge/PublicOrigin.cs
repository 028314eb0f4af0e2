namespace ApraNova.Hosting.Aws.Cdk.Edge;

/// <summary>
/// Where browsers (and the web's server-side calls to the api) reach the application: the
/// domain over HTTPS when one is configured, otherwise the load balancer's DNS name over HTTP.
/// <see cref="Host"/> may be a CloudFormation token (the load balancer's DNS name).
/// </summary>
public sealed record PublicOrigin(string Scheme, string Host, int Port)
{
    public string Url => $"{Scheme}://{Host}";

    public string HostAndPort => $"{Host}:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
