namespace ApraNova.Hosting.Aws.Model;

public sealed record LiteralValue(string Value) : DeploymentValue
{
    public override bool IsSecret => false;
}
