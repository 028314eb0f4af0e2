using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using ApraNova.Hosting.Aws.Cdk.Data;
using ApraNova.Hosting.Aws.Cdk.Network;
using ApraNova.Hosting.Aws.Model;

namespace ApraNova.Hosting.Aws.Cdk.Services;

/// <param name="Spec">The service as the model describes it.</param>
/// <param name="Image">The image it runs (an asset to build, or an ECR repository tag).</param>
/// <param name="FileStores">The file stores of the stack, by model name (the service mounts those its spec names).</param>
public sealed record ServiceProps(
    FargateServiceSpec Spec,
    ContainerImage Image,
    Cluster Cluster,
    Role ExecutionRole,
    NetworkConstruct Network,
    DeploymentValueResolver Values,
    IReadOnlyDictionary<string, FileStoreConstruct> FileStores,
    RetentionDays LogRetention,
    bool FargateSpot);
