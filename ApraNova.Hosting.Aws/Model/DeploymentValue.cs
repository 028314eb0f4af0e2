namespace ApraNova.Hosting.Aws.Model;

/// <summary>
/// A value an environment variable gets, before anything is known about AWS. The stack's
/// resolver turns each into a plain container environment value or an ECS secret.
/// </summary>
public abstract record DeploymentValue
{
    /// <summary>True when the value must travel as an ECS secret, never as plain text.</summary>
    public abstract bool IsSecret { get; }
}
