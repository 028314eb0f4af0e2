using Amazon.CDK;
using Amazon.CDK.AWS.EFS;
using Constructs;

namespace ApraNova.Hosting.Aws.Cdk.Data;

/// <summary>
/// One EFS file system per file store (§4): general purpose, bursting, encrypted, mount targets in
/// both private subnets, NFS 2049 from the services only, and an access point that makes every
/// client the containers' non-root user in its own folder.
/// </summary>
public sealed class FileStoreConstruct : Construct
{
    public FileStoreConstruct(Construct scope, string id, FileStoreProps props) : base(scope, id)
    {
        Name = props.FileSystem.ResourceName;
        var securityGroup = props.Network.CreateDataSecurityGroup(this, "SecurityGroup", "EFS: NFS 2049 from the ECS tasks", Architecture.NfsPort);

        FileSystem = new Amazon.CDK.AWS.EFS.FileSystem(this, "FileSystem", new FileSystemProps
        {
            Vpc = props.Network.Vpc,
            VpcSubnets = props.Network.DataSubnets,
            SecurityGroup = securityGroup,
            Encrypted = true,
            PerformanceMode = PerformanceMode.GENERAL_PURPOSE,
            ThroughputMode = ThroughputMode.BURSTING,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        // Every client enters as the containers' non-root user (the .NET images' "app", 1654),
        // whatever uid the task happens to run with.
        var uid = Containers.ContainerImageWriter.AppUid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        AccessPoint = FileSystem.AddAccessPoint("AccessPoint", new AccessPointOptions
        {
            Path = $"/{Name}",
            PosixUser = new PosixUser { Uid = uid, Gid = uid },
            CreateAcl = new Acl { OwnerUid = uid, OwnerGid = uid, Permissions = "750" },
        });
    }

    /// <summary>The model's name of the file store.</summary>
    public string Name { get; }

    public Amazon.CDK.AWS.EFS.FileSystem FileSystem { get; }

    public AccessPoint AccessPoint { get; }
}
