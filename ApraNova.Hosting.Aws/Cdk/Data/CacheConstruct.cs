using Amazon.CDK;
using Amazon.CDK.AWS.ElastiCache;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using SecretsManagerSecret = Amazon.CDK.AWS.SecretsManager.Secret;

namespace ApraNova.Hosting.Aws.Cdk.Data;

/// <summary>
/// ElastiCache Redis as the architecture sizes it (§4): Redis 7, one cache.t3.micro node, TLS in
/// transit and an auth token generated into Secrets Manager (the model's Redis has a password
/// locally too), in the private subnets, 6379 from the services only.
/// </summary>
public sealed class CacheConstruct : Construct
{
    /// <summary>The node id CloudWatch publishes metrics under: the group's first (only) member.</summary>
    public const string FirstNodeSuffix = "-001";

    public CacheConstruct(Construct scope, string id, CacheProps props) : base(scope, id)
    {
        var securityGroup = props.Network.CreateDataSecurityGroup(this, "SecurityGroup", "ElastiCache Redis: 6379 from the ECS tasks", Architecture.RedisPort);

        var subnetGroup = new CfnSubnetGroup(this, "SubnetGroup", new CfnSubnetGroupProps
        {
            Description = "Private subnets of the Redis node",
            SubnetIds = props.Network.Vpc.SelectSubnets(props.Network.DataSubnets).SubnetIds,
        });

        // ElastiCache auth tokens: 16-128 printable characters without @ " / (and none that
        // would break the StackExchange.Redis configuration string or a URL).
        AuthTokenSecret = new SecretsManagerSecret(this, "AuthToken", new SecretProps
        {
            Description = "ElastiCache Redis auth token",
            GenerateSecretString = new SecretStringGenerator { PasswordLength = 64, ExcludePunctuation = true },
        });
        var token = SecretValue.SecretsManager(AuthTokenSecret.SecretArn).UnsafeUnwrap();

        // A replication group (of one node) because in-transit encryption and auth tokens are
        // replication-group features; a bare CacheCluster offers TLS to Memcached only.
        ReplicationGroup = new CfnReplicationGroup(this, "ReplicationGroup", new CfnReplicationGroupProps
        {
            ReplicationGroupDescription = "Redis cache, rate limits and Data Protection keys",
            Engine = "redis",
            EngineVersion = "7.1",
            CacheNodeType = "cache.t3.micro",
            NumCacheClusters = 1,
            AutomaticFailoverEnabled = false,
            TransitEncryptionEnabled = true,
            AtRestEncryptionEnabled = true,
            AuthToken = token,
            Port = Architecture.RedisPort,
            CacheSubnetGroupName = subnetGroup.Ref,
            SecurityGroupIds = [securityGroup.SecurityGroupId],
        });

        Host = ReplicationGroup.AttrPrimaryEndPointAddress;
        NodeId = Fn.Join("", [ReplicationGroup.Ref, FirstNodeSuffix]);
        var port = Architecture.RedisPort.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // StackExchange.Redis configuration: the TLS endpoint with the auth token, as a secret.
        ConnectionStringSecret = new SecretsManagerSecret(this, "ConnectionString", new SecretProps
        {
            Description = "StackExchange.Redis configuration of the cache (composed from the auth token)",
            SecretStringValue = SecretValue.UnsafePlainText($"{Host}:{port},ssl=true,password={token},abortConnect=false"),
        });
        UriSecret = new SecretsManagerSecret(this, "Uri", new SecretProps
        {
            Description = "rediss:// URI of the cache (composed from the auth token)",
            SecretStringValue = SecretValue.UnsafePlainText($"rediss://:{token}@{Host}:{port}"),
        });
    }

    public CfnReplicationGroup ReplicationGroup { get; }

    /// <summary>The primary endpoint's host name.</summary>
    public string Host { get; }

    /// <summary>The node's cache cluster id (CloudWatch's <c>CacheClusterId</c> dimension).</summary>
    public string NodeId { get; }

    public SecretsManagerSecret AuthTokenSecret { get; }

    public SecretsManagerSecret ConnectionStringSecret { get; }

    public SecretsManagerSecret UriSecret { get; }
}
