using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace ApraNova.Hosting.Aws.Cdk.Services;

/// <summary>
/// The ECS cluster (Fargate and Fargate Spot capacity), the task execution role the services
/// share, and one <see cref="ServiceConstruct"/> per service of the model.
/// </summary>
public sealed class ServicesConstruct : Construct
{
    public ServicesConstruct(Construct scope, string id, ServicesProps props) : base(scope, id)
    {
        Cluster = new Cluster(this, "Cluster", new ClusterProps
        {
            Vpc = props.Network.Vpc,
            EnableFargateCapacityProviders = true,
        });

        ExecutionRole = new Role(this, "ExecutionRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ecs-tasks.amazonaws.com"),
            Description = "Pulls images, reads the services' secrets and writes their logs",
        });
        // ecr:GetAuthorizationToken has no resource-level permissions: AWS only accepts "*".
        ExecutionRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["ecr:GetAuthorizationToken"],
            Resources = ["*"],
        }));

        Services = [.. props.Services.Select(spec => new ServiceConstruct(this, CdkNames.Pascal(spec.Name), new ServiceProps(
            spec,
            props.Images[spec.Name],
            Cluster,
            ExecutionRole,
            props.Network,
            props.Values,
            props.FileStores,
            props.LogRetention,
            props.FargateSpot)))];
    }

    public Cluster Cluster { get; }

    public Role ExecutionRole { get; }

    /// <summary>The services, in the model's order.</summary>
    public IReadOnlyList<ServiceConstruct> Services { get; }
}
