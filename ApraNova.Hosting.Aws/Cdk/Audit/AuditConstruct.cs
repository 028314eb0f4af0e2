using Amazon.CDK;
using Amazon.CDK.AWS.CloudTrail;
using Amazon.CDK.AWS.Config;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Constructs;

namespace ApraNova.Hosting.Aws.Cdk.Audit;

/// <summary>
/// The account-level parts of the security best practices, each an option (off by default, see
/// <see cref="AwsPublishOptions.CloudTrail"/> and <see cref="AwsPublishOptions.AwsConfig"/> for why):
/// a CloudTrail trail of the management events of every region, with log file validation, and an
/// AWS Config recorder of every supported resource type; both deliver into one private, encrypted,
/// TLS-only S3 bucket of this stack.
/// </summary>
public sealed class AuditConstruct : Construct
{
    public AuditConstruct(Construct scope, string id, AuditProps props) : base(scope, id)
    {
        Bucket = new Bucket(this, "Bucket", new BucketProps
        {
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            Encryption = BucketEncryption.S3_MANAGED,
            EnforceSSL = true,
            Versioned = true,
            // Audit records outlive the stack.
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        if (props.CloudTrail)
        {
            Trail = new Trail(this, "Trail", new TrailProps
            {
                Bucket = Bucket,
                S3KeyPrefix = "cloudtrail",
                IsMultiRegionTrail = true,
                IncludeGlobalServiceEvents = true,
                EnableFileValidation = true,
                ManagementEvents = ReadWriteType.ALL,
            });
        }

        if (props.AwsConfig)
        {
            var role = new Role(this, "ConfigRole", new RoleProps
            {
                AssumedBy = new ServicePrincipal("config.amazonaws.com"),
                ManagedPolicies = [ManagedPolicy.FromAwsManagedPolicyName("service-role/AWS_ConfigRole")],
                Description = "AWS Config: reads resource configurations",
            });
            Bucket.GrantReadWrite(role);

            Recorder = new CfnConfigurationRecorder(this, "Recorder", new CfnConfigurationRecorderProps
            {
                RoleArn = role.RoleArn,
                RecordingGroup = new CfnConfigurationRecorder.RecordingGroupProperty
                {
                    AllSupported = true,
                    IncludeGlobalResourceTypes = true,
                },
            });
            var channel = new CfnDeliveryChannel(this, "DeliveryChannel", new CfnDeliveryChannelProps
            {
                S3BucketName = Bucket.BucketName,
                S3KeyPrefix = "config",
            });
            // A delivery channel needs its recorder first.
            channel.AddDependency(Recorder);
        }
    }

    public Bucket Bucket { get; }

    public Trail? Trail { get; }

    public CfnConfigurationRecorder? Recorder { get; }
}
