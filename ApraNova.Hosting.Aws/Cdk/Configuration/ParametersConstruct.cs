using Amazon.CDK;
using Amazon.CDK.AWS.SecretsManager;
using ApraNova.Hosting.Aws.Model;
using Constructs;
using SecretsManagerSecret = Amazon.CDK.AWS.SecretsManager.Secret;

namespace ApraNova.Hosting.Aws.Cdk.Configuration;

/// <summary>
/// The model's parameters (§5): every secret one becomes a Secrets Manager secret named
/// <c>{stack}/{parameter}</c>, generated when the model generates it and otherwise created with
/// <see cref="Placeholder"/> for an operator to replace; every other one a template parameter
/// with the model's default.
/// </summary>
public sealed class ParametersConstruct : Construct
{
    /// <summary>
    /// What a secret the operator owns (the Stripe keys) holds until it is set. CloudFormation
    /// rejects an empty secret string, so it starts as this JSON, which no consumer takes for a
    /// real value (the api checks the shape of its Stripe keys and reports "not configured").
    /// </summary>
    public const string Placeholder = """{"placeholder":"not configured yet: set the real value with aws secretsmanager put-secret-value"}""";

    private readonly Dictionary<string, SecretsManagerSecret> _secrets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CfnParameter> _inputs = new(StringComparer.Ordinal);

    public ParametersConstruct(Construct scope, string id, ParametersProps props) : base(scope, id)
    {
        foreach (var parameter in props.Parameters)
        {
            var parameterId = CdkNames.Pascal(parameter.Name);
            if (parameter.Secret)
            {
                _secrets[parameter.Name] = new SecretsManagerSecret(this, parameterId, new SecretProps
                {
                    SecretName = $"{props.StackName}/{parameter.Name}",
                    Description = parameter.Generated
                        ? $"Aspire parameter '{parameter.Name}' (generated)"
                        : $"Aspire parameter '{parameter.Name}': replace the placeholder with the real value (aws secretsmanager put-secret-value)",
                    GenerateSecretString = parameter.Generator is { } generator ? Generate(generator) : null,
                    SecretStringValue = parameter.Generated ? null : SecretValue.UnsafePlainText(Placeholder),
                });
            }
            else
            {
                // A template parameter is a stack-level thing: its logical id must be unique in the stack.
                _inputs[parameter.Name] = new CfnParameter(Stack.Of(this), parameterId, new CfnParameterProps
                {
                    Type = "String",
                    Description = $"Aspire parameter '{parameter.Name}'",
                    Default = parameter.DefaultValue,
                });
            }
        }
    }

    /// <summary>Secrets Manager secrets, by parameter name.</summary>
    public IReadOnlyDictionary<string, SecretsManagerSecret> Secrets => _secrets;

    /// <summary>Template parameters, by parameter name.</summary>
    public IReadOnlyDictionary<string, CfnParameter> Inputs => _inputs;

    /// <summary>The model's generator, in Secrets Manager's terms (same length and character sets).</summary>
    private static SecretStringGenerator Generate(PasswordGeneratorSpec generator) => new()
    {
        PasswordLength = generator.Length,
        ExcludeLowercase = !generator.Lower,
        ExcludeUppercase = !generator.Upper,
        ExcludeNumbers = !generator.Numeric,
        ExcludePunctuation = !generator.Special,
        IncludeSpace = false,
        RequireEachIncludedType = true,
    };
}
