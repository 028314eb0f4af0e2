using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace ApraNova.Hosting.Aws.Cdk.Network;

/// <summary>
/// The VPC of the architecture (§2): 10.0.0.0/16 over two AZs, public subnets 10.0.1/24 and
/// 10.0.2/24, private subnets 10.0.11/24 and 10.0.12/24, NAT gateways, flow logs, and the two
/// front security groups (load balancer, services). The data stores add their own groups,
/// admitting <see cref="ServiceSecurityGroup"/> only.
/// </summary>
public sealed class NetworkConstruct : Construct
{
    public NetworkConstruct(Construct scope, string id, NetworkProps props) : base(scope, id)
    {
        var hasNat = props.NatGateways > 0;
        // Without a NAT gateway a private subnet has no route out: CDK calls it isolated.
        var privateType = hasNat ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED;

        var vpc = new Vpc(this, "Vpc", new VpcProps
        {
            IpAddresses = IpAddresses.Cidr(Architecture.VpcCidr),
            MaxAzs = 2,
            NatGateways = props.NatGateways,
            SubnetConfiguration =
            [
                new SubnetConfiguration { Name = "Public", SubnetType = SubnetType.PUBLIC, CidrMask = 24 },
                new SubnetConfiguration { Name = "Private", SubnetType = privateType, CidrMask = 24 },
            ],
        });

        // CDK packs /24s from the bottom of the range; the architecture numbers them 1, 2 and 11, 12.
        SetSubnetCidrs(vpc.PublicSubnets, Architecture.PublicSubnetCidrs);
        SetSubnetCidrs(hasNat ? vpc.PrivateSubnets : vpc.IsolatedSubnets, Architecture.PrivateSubnetCidrs);

        if (props.FlowLogs)
        {
            FlowLogGroup = new LogGroup(this, "FlowLogGroup", new LogGroupProps
            {
                Retention = props.LogRetention,
                RemovalPolicy = RemovalPolicy.DESTROY,
            });
            vpc.AddFlowLog("FlowLog", new FlowLogOptions
            {
                Destination = FlowLogDestination.ToCloudWatchLogs(FlowLogGroup),
                TrafficType = FlowLogTrafficType.ALL,
            });
        }

        Vpc = vpc;
        DataSubnets = new SubnetSelection { SubnetType = privateType };
        TasksNeedPublicIp = !hasNat;
        TaskSubnets = hasNat ? new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS } : new SubnetSelection { SubnetType = SubnetType.PUBLIC };

        // Egress is opened per container port when the services attach (inside the VPC, to the
        // services' group): the load balancer talks to the tasks and nowhere else.
        LoadBalancerSecurityGroup = new SecurityGroup(this, "LoadBalancerSecurityGroup", new SecurityGroupProps
        {
            Vpc = vpc,
            Description = "ALB: HTTP and HTTPS from anywhere; out only to the services",
            AllowAllOutbound = false,
        });
        LoadBalancerSecurityGroup.AddIngressRule(Peer.AnyIpv4(), Port.Tcp(80), "HTTP from anywhere");
        LoadBalancerSecurityGroup.AddIngressRule(Peer.AnyIpv4(), Port.Tcp(443), "HTTPS from anywhere");

        // Ingress is opened per container port from the load balancer's group when the services attach.
        ServiceSecurityGroup = new SecurityGroup(this, "ServiceSecurityGroup", new SecurityGroupProps
        {
            Vpc = vpc,
            Description = "ECS tasks: only from the ALB",
            AllowAllOutbound = true,
        });
    }

    public IVpc Vpc { get; }

    /// <summary>The private subnets: where the data stores always live.</summary>
    public SubnetSelection DataSubnets { get; }

    /// <summary>
    /// Where the tasks run: the private subnets behind the NAT gateway; with no NAT gateway the
    /// public subnets (image pulls, Secrets Manager, CloudWatch Logs need a route out).
    /// </summary>
    public SubnetSelection TaskSubnets { get; }

    /// <summary>True when the tasks run in the public subnets and need a public IP to reach AWS APIs.</summary>
    public bool TasksNeedPublicIp { get; }

    public SecurityGroup LoadBalancerSecurityGroup { get; }

    public SecurityGroup ServiceSecurityGroup { get; }

    /// <summary>Where the VPC flow logs go (null when they are off).</summary>
    public LogGroup? FlowLogGroup { get; }

    /// <summary>A security group for a data store: <paramref name="port"/> from the services only.</summary>
    public SecurityGroup CreateDataSecurityGroup(Construct scope, string id, string description, int port)
    {
        var group = new SecurityGroup(scope, id, new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = description,
            AllowAllOutbound = true,
        });
        group.AddIngressRule(ServiceSecurityGroup, Port.Tcp(port), "From the ECS tasks");
        return group;
    }

    private static void SetSubnetCidrs(ISubnet[] subnets, IReadOnlyList<string> cidrs)
    {
        if (subnets.Length != cidrs.Count)
        {
            throw new InvalidOperationException($"Expected {cidrs.Count} subnets, CDK made {subnets.Length}.");
        }

        for (var i = 0; i < subnets.Length; i++)
        {
            ((CfnSubnet)subnets[i].Node.DefaultChild!).CidrBlock = cidrs[i];
        }
    }
}
