namespace ApraNova.Hosting.Aws.Model;

/// <summary>A parameter of the model (configuration or secret).</summary>
public sealed record ParameterValue(string ParameterName, bool Secret) : DeploymentValue
{
    public override bool IsSecret => Secret;
}
