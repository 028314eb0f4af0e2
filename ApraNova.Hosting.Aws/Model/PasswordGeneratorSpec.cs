namespace ApraNova.Hosting.Aws.Model;

/// <summary>
/// How the model generates a value (Aspire's <c>GenerateParameterDefault</c>), so Secrets Manager
/// generates the same kind of value in AWS as the AppHost does locally.
/// </summary>
public sealed record PasswordGeneratorSpec(int Length, bool Lower, bool Upper, bool Numeric, bool Special);
