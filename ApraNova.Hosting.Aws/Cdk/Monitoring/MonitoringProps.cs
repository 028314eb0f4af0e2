using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using ApraNova.Hosting.Aws.Cdk.Data;
using ApraNova.Hosting.Aws.Cdk.Services;

namespace ApraNova.Hosting.Aws.Cdk.Monitoring;

public sealed record MonitoringProps(
    string DashboardName,
    IReadOnlyList<ServiceConstruct> Services,
    ApplicationLoadBalancer LoadBalancer,
    DatabaseConstruct? Database,
    CacheConstruct? Cache);
