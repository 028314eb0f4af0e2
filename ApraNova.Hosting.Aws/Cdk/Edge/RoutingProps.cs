using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using ApraNova.Hosting.Aws.Cdk.Services;

namespace ApraNova.Hosting.Aws.Cdk.Edge;

/// <param name="Listener">The listener that serves the application.</param>
/// <param name="Services">The services, in the model's order (rule priorities follow it).</param>
public sealed record RoutingProps(ApplicationListener Listener, IReadOnlyList<ServiceConstruct> Services);
