using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.Logs;
using ApraNova.Hosting.Aws.Cdk.Data;
using ApraNova.Hosting.Aws.Cdk.Network;
using ApraNova.Hosting.Aws.Model;

namespace ApraNova.Hosting.Aws.Cdk.Services;

/// <param name="Images">The image of each service, by service name.</param>
public sealed record ServicesProps(
    NetworkConstruct Network,
    IReadOnlyList<FargateServiceSpec> Services,
    IReadOnlyDictionary<string, ContainerImage> Images,
    DeploymentValueResolver Values,
    IReadOnlyDictionary<string, FileStoreConstruct> FileStores,
    RetentionDays LogRetention,
    bool FargateSpot);
