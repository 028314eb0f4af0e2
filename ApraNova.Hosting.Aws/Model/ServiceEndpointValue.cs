namespace ApraNova.Hosting.Aws.Model;

/// <summary>
/// A reference to another service's endpoint. Every service sits behind the same public load
/// balancer (the web calls the api through it, as the architecture draws), so these all become
/// parts of the application's public origin.
/// </summary>
public sealed record ServiceEndpointValue(string ServiceName, ServiceEndpointPart Part) : DeploymentValue
{
    public override bool IsSecret => false;
}
