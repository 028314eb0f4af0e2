using Amazon.CDK.AWS.Logs;

namespace ApraNova.Hosting.Aws.Cdk.Network;

/// <param name="NatGateways">0, 1 or 2; with 0 the tasks run in the public subnets.</param>
/// <param name="FlowLogs">VPC Flow Logs (all traffic) to CloudWatch Logs.</param>
/// <param name="LogRetention">Retention of the flow log group.</param>
public sealed record NetworkProps(int NatGateways, bool FlowLogs, RetentionDays LogRetention);
