using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Constructs;

namespace ApraNova.Hosting.Aws.Cdk.Edge;

/// <summary>
/// The load balancer's routes (§1): each service's path patterns (<c>/api/*</c>, <c>/admin/*</c>
/// → api) as listener rules, and the default action to the service without patterns (the web);
/// a plain 404 when there is none.
/// </summary>
public sealed class RoutingConstruct : Construct
{
    /// <summary>An ALB path-pattern condition takes at most five values.</summary>
    private const int MaxPatternsPerRule = 5;

    public RoutingConstruct(Construct scope, string id, RoutingProps props) : base(scope, id)
    {
        var defaultService = props.Services.SingleOrDefault(s => s.Spec.IsDefaultRoute);
        props.Listener.AddAction("Default", new AddApplicationActionProps
        {
            Action = defaultService is null
                ? ListenerAction.FixedResponse(404, new FixedResponseOptions { ContentType = "text/plain", MessageBody = "Not found" })
                : ListenerAction.Forward([defaultService.TargetGroup]),
        });

        var priority = 10;
        foreach (var service in props.Services.Where(s => !s.Spec.IsDefaultRoute))
        {
            foreach (var (patterns, index) in service.Spec.PathPatterns.Chunk(MaxPatternsPerRule).Select((p, i) => (p, i)))
            {
                _ = new ApplicationListenerRule(this, $"{CdkNames.Pascal(service.Spec.Name)}{index}", new ApplicationListenerRuleProps
                {
                    Listener = props.Listener,
                    Priority = priority,
                    Conditions = [ListenerCondition.PathPatterns(patterns)],
                    Action = ListenerAction.Forward([service.TargetGroup]),
                });
                priority += 10;
            }
        }
    }
}
