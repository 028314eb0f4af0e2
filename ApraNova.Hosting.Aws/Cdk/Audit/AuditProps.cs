namespace ApraNova.Hosting.Aws.Cdk.Audit;

/// <param name="CloudTrail">Create a multi-region CloudTrail trail.</param>
/// <param name="AwsConfig">Create an AWS Config recorder and delivery channel.</param>
public sealed record AuditProps(bool CloudTrail, bool AwsConfig);
