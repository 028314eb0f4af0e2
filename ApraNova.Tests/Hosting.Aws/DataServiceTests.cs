using Amazon.CDK.Assertions;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>docs/architecture.md §4: RDS PostgreSQL, ElastiCache Redis, EFS.</summary>
[Collection(AwsPublishCollection.Name)]
public sealed class DataServiceTests(AwsPublishFixture fixture)
{
    [Fact]
    public void Postgres_is_rds_postgresql_14_micro_20gb_gp2_with_7_day_backups_encrypted_and_generated_credentials()
    {
        fixture.Application.ResourceCountIs("AWS::RDS::DBInstance", 1);
        fixture.Application.HasResourceProperties("AWS::RDS::DBInstance", Props.Like(
            ("Engine", "postgres"),
            ("EngineVersion", "14"),
            ("DBInstanceClass", "db.t3.micro"),
            ("AllocatedStorage", "20"),
            ("StorageType", "gp2"),
            ("BackupRetentionPeriod", 7),
            ("DBName", "apranova_db"),
            ("MultiAZ", false),
            ("StorageEncrypted", true),
            ("PubliclyAccessible", false)));
        fixture.Application.HasResourceProperties("AWS::SecretsManager::Secret", Props.Like(
            ("GenerateSecretString", Props.Like(
                ("SecretStringTemplate", """{"username":"apranova_admin"}"""),
                ("GenerateStringKey", "password")))));
    }

    [Fact]
    public void Postgres_requires_tls_through_its_parameter_group()
    {
        var group = fixture.LogicalId("AWS::RDS::DBParameterGroup", "DatabaseParameters");
        fixture.Application.HasResourceProperties("AWS::RDS::DBParameterGroup", Props.Like(
            ("Family", "postgres14"), ("Parameters", Props.Of(("rds.force_ssl", "1")))));
        fixture.Application.HasResourceProperties("AWS::RDS::DBInstance", Props.Like(("DBParameterGroupName", Props.Ref(group))));
    }

    [Fact]
    public void Multi_az_is_an_option()
    {
        fixture.ApplicationOf(Variant.MultiAz).HasResourceProperties("AWS::RDS::DBInstance", Props.Like(("MultiAZ", true)));
    }

    [Fact]
    public void Redis_is_one_elasticache_redis_7_micro_node_with_tls_and_an_auth_token_in_the_private_subnets()
    {
        fixture.Application.ResourceCountIs("AWS::ElastiCache::ReplicationGroup", 1);
        fixture.Application.HasResourceProperties("AWS::ElastiCache::ReplicationGroup", Props.Like(
            ("Engine", "redis"),
            ("EngineVersion", Match.StringLikeRegexp("^7\\.")),
            ("CacheNodeType", "cache.t3.micro"),
            ("NumCacheClusters", 1),
            ("TransitEncryptionEnabled", true),
            ("AuthToken", Match.AnyValue()),
            ("Port", 6379)));
        fixture.Application.HasResourceProperties("AWS::ElastiCache::SubnetGroup", Props.Like(("SubnetIds", PrivateSubnetRefs())));
    }

    [Fact]
    public void Files_are_an_encrypted_general_purpose_bursting_efs_with_mount_targets_in_both_private_subnets()
    {
        fixture.Application.ResourceCountIs("AWS::EFS::FileSystem", 1);
        fixture.Application.HasResourceProperties("AWS::EFS::FileSystem", Props.Like(
            ("Encrypted", true), ("PerformanceMode", "generalPurpose"), ("ThroughputMode", "bursting")));

        var mountTargets = fixture.Resources("AWS::EFS::MountTarget").ToList();
        Assert.Equal(2, mountTargets.Count);
        Assert.Equal(
            PrivateSubnetIds().Order(StringComparer.Ordinal),
            mountTargets.Select(m => (string)m.Properties["SubnetId"]!["Ref"]!).Order(StringComparer.Ordinal));

        fixture.Application.ResourceCountIs("AWS::EFS::AccessPoint", 1);
        fixture.Application.HasResourceProperties("AWS::EFS::AccessPoint", Props.Like(
            ("PosixUser", Props.Of(("Uid", "1654"), ("Gid", "1654")))));
    }

    private string[] PrivateSubnetIds() => fixture.Resources("AWS::EC2::Subnet")
        .Where(s => (string)s.Properties["CidrBlock"]! is "10.0.11.0/24" or "10.0.12.0/24")
        .Select(s => s.Id)
        .ToArray();

    private object PrivateSubnetRefs() => PrivateSubnetIds().Select(id => Props.Ref(id)).ToArray();
}
