namespace ApraNova.Hosting.Aws.Model;

/// <summary>
/// An Aspire parameter the services read. Secrets go to Secrets Manager: generated ones with the
/// model's generator settings (<see cref="Generator"/>), the others with a placeholder an operator
/// replaces. Non-secret ones become template parameters with the model's default.
/// </summary>
public sealed record ParameterSpec(string Name, bool Secret, PasswordGeneratorSpec? Generator, string? DefaultValue)
{
    public bool Generated => Generator is not null;
}
