using ApraNova.Hosting.Aws.Model;

namespace ApraNova.Hosting.Aws.Cdk.Configuration;

/// <param name="StackName">Prefix of the secrets' names ({StackName}/{parameter}).</param>
public sealed record ParametersProps(string StackName, IReadOnlyList<ParameterSpec> Parameters);
