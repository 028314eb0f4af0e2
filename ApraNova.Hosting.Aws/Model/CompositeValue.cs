namespace ApraNova.Hosting.Aws.Model;

/// <summary>Text with placeholders ({0}, {1}, …) filled by other values.</summary>
public sealed record CompositeValue(string Format, IReadOnlyList<DeploymentValue> Parts) : DeploymentValue
{
    public override bool IsSecret => Parts.Any(p => p.IsSecret);
}
