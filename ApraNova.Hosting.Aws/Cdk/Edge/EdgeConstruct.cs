using Amazon.CDK;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.Route53.Targets;
using Constructs;

namespace ApraNova.Hosting.Aws.Cdk.Edge;

/// <summary>
/// The internet-facing Application Load Balancer in the public subnets (§1) and the name it
/// answers to. Without a domain: HTTP on 80 at the load balancer's DNS name. With a domain: HTTPS
/// on 443 with an ACM certificate (requested and DNS-validated in the hosted zone, or given), 80
/// redirecting to it, and a Route 53 alias record when the zone is given. <see cref="Listener"/> is
/// the one that serves the application; the routing construct fills in its actions.
/// </summary>
public sealed class EdgeConstruct : Construct
{
    public EdgeConstruct(Construct scope, string id, EdgeProps props) : base(scope, id)
    {
        LoadBalancer = new ApplicationLoadBalancer(this, "LoadBalancer", new ApplicationLoadBalancerProps
        {
            Vpc = props.Network.Vpc,
            InternetFacing = true,
            SecurityGroup = props.Network.LoadBalancerSecurityGroup,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PUBLIC },
        });

        if (string.IsNullOrEmpty(props.DomainName))
        {
            // The security group rules are the architecture's, written in the network construct.
            Listener = LoadBalancer.AddListener("Http", new BaseApplicationListenerProps { Port = 80, Protocol = ApplicationProtocol.HTTP, Open = false });
            Origin = new PublicOrigin("http", LoadBalancer.LoadBalancerDnsName, 80);
            return;
        }

        var zone = string.IsNullOrEmpty(props.HostedZoneId)
            ? null
            : HostedZone.FromHostedZoneAttributes(this, "Zone", new HostedZoneAttributes
            {
                HostedZoneId = props.HostedZoneId,
                ZoneName = string.IsNullOrEmpty(props.HostedZoneName) ? props.DomainName : props.HostedZoneName,
            });

        Certificate = string.IsNullOrEmpty(props.CertificateArn)
            ? new Certificate(this, "Certificate", new CertificateProps
            {
                DomainName = props.DomainName,
                Validation = CertificateValidation.FromDns(zone),
            })
            : Amazon.CDK.AWS.CertificateManager.Certificate.FromCertificateArn(this, "Certificate", props.CertificateArn);

        Listener = LoadBalancer.AddListener("Https", new BaseApplicationListenerProps
        {
            Port = 443,
            Protocol = ApplicationProtocol.HTTPS,
            Certificates = [ListenerCertificate.FromCertificateManager(Certificate)],
            Open = false,
        });
        LoadBalancer.AddListener("Http", new BaseApplicationListenerProps
        {
            Port = 80,
            Protocol = ApplicationProtocol.HTTP,
            DefaultAction = ListenerAction.Redirect(new RedirectOptions { Protocol = "HTTPS", Port = "443", Permanent = true }),
            Open = false,
        });

        if (zone is not null)
        {
            AliasRecord = new ARecord(this, "Alias", new ARecordProps
            {
                Zone = zone,
                RecordName = props.DomainName,
                Target = RecordTarget.FromAlias(new LoadBalancerTarget(LoadBalancer)),
                Comment = "The application's name, pointing at its load balancer",
            });
        }

        Origin = new PublicOrigin("https", props.DomainName!, 443);
    }

    public ApplicationLoadBalancer LoadBalancer { get; }

    /// <summary>The listener that serves the application (HTTPS with a domain, else HTTP).</summary>
    public ApplicationListener Listener { get; }

    /// <summary>Browser-facing origin every public URL is derived from.</summary>
    public PublicOrigin Origin { get; }

    /// <summary>The certificate of the domain (null without one).</summary>
    public ICertificate? Certificate { get; }

    /// <summary>The Route 53 alias of the domain (null without a hosted zone).</summary>
    public ARecord? AliasRecord { get; }
}
