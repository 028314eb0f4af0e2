namespace ApraNova.Hosting.Aws.Model;

public enum ServiceEndpointPart
{
    Url,
    Host,
    Port,
    Scheme,
    HostAndPort,
}
