using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.EFS;
using Amazon.CDK.AWS.ElastiCache;
using Amazon.CDK.AWS.RDS;
using Amazon.CDK.AWS.SecretsManager;
using SecretsManagerSecret = Amazon.CDK.AWS.SecretsManager.Secret;

namespace ApraNova.AppHost.Publishing.Cdk;

public sealed partial class ApplicationStack
{
    // Characters that would break a key=value;… connection string or a URL if they were in the
    // generated password (RDS itself forbids / @ " and space).
    private const string PasswordExcludedCharacters = " %+~`#$&*()|[]{}:;<>?!'/@\"\\=,^";

    private static readonly string AppUid = Containers.ContainerImageWriter.AppUid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void CreateDataServices()
    {
        if (_deployment.Database is { } database)
        {
            CreateDatabase(database);
        }

        if (_deployment.Cache is not null)
        {
            CreateCache();
        }

        if (_deployment.FileSystem is not null)
        {
            CreateFileSystem();
        }
    }

    private void CreateDatabase(Model.DatabaseSpec spec)
    {
        var securityGroup = CreateBackendSecurityGroup("DatabaseSecurityGroup", "RDS PostgreSQL: 5432 from the ECS tasks", PostgresPort);

        Database = new DatabaseInstance(this, "Database", new DatabaseInstanceProps
        {
            Engine = DatabaseInstanceEngine.Postgres(new PostgresInstanceEngineProps { Version = PostgresEngineVersion.VER_14 }),
            InstanceType = Amazon.CDK.AWS.EC2.InstanceType.Of(InstanceClass.BURSTABLE3, InstanceSize.MICRO),
            AllocatedStorage = 20,
            StorageType = StorageType.GP2,
            BackupRetention = Duration.Days(7),
            DatabaseName = spec.DatabaseName,
            MultiAz = _options.MultiAz,
            StorageEncrypted = _options.StorageEncrypted,
            Port = PostgresPort,
            Credentials = Credentials.FromGeneratedSecret(DatabaseUser, new CredentialsBaseOptions
            {
                ExcludeCharacters = PasswordExcludedCharacters,
            }),
            Vpc = Vpc,
            VpcSubnets = PrivateSubnets,
            SecurityGroups = [securityGroup],
            PubliclyAccessible = false,
            RemovalPolicy = RemovalPolicy.SNAPSHOT,
        });

        // The api reads one Npgsql connection string (ConnectionStrings__apranova-db), exactly as
        // locally. Its password lives only in the RDS-generated secret; CloudFormation resolves the
        // dynamic reference when it writes this secret, so the template never holds it.
        var password = SecretValue.SecretsManager(Database.Secret!.SecretArn, new SecretsManagerSecretOptions { JsonField = "password" });
        DatabaseConnectionSecret = new SecretsManagerSecret(this, "DatabaseConnectionString", new SecretProps
        {
            Description = $"Npgsql connection string of {spec.DatabaseName} (composed from the RDS secret)",
            SecretStringValue = SecretValue.UnsafePlainText(
                $"Host={Database.DbInstanceEndpointAddress};Port={Database.DbInstanceEndpointPort};" +
                $"Database={spec.DatabaseName};Username={DatabaseUser};Password={password.UnsafeUnwrap()};SSL Mode=Require"),
        });

        // The URI form Aspire also injects (APRANOVA_DB_URI); the excluded characters keep the
        // password URL-safe.
        DatabaseUriSecret = new SecretsManagerSecret(this, "DatabaseUri", new SecretProps
        {
            Description = $"postgresql:// URI of {spec.DatabaseName} (composed from the RDS secret)",
            SecretStringValue = SecretValue.UnsafePlainText(
                $"postgresql://{DatabaseUser}:{password.UnsafeUnwrap()}@{Database.DbInstanceEndpointAddress}:{Database.DbInstanceEndpointPort}/{spec.DatabaseName}"),
        });
    }

    private void CreateCache()
    {
        var securityGroup = CreateBackendSecurityGroup("CacheSecurityGroup", "ElastiCache Redis: 6379 from the ECS tasks", RedisPort);

        var subnetGroup = new CfnSubnetGroup(this, "CacheSubnetGroup", new CfnSubnetGroupProps
        {
            Description = "Private subnets of the Redis node",
            SubnetIds = Vpc.SelectSubnets(PrivateSubnets).SubnetIds,
        });

        // A replication group (of one node) because in-transit encryption for Redis is a
        // replication-group feature; a bare CacheCluster offers it to Memcached only.
        Cache = new CfnReplicationGroup(this, "Cache", new CfnReplicationGroupProps
        {
            ReplicationGroupDescription = "Redis cache, rate limits and Data Protection keys",
            Engine = "redis",
            EngineVersion = "7.1",
            CacheNodeType = "cache.t3.micro",
            NumCacheClusters = 1,
            AutomaticFailoverEnabled = false,
            TransitEncryptionEnabled = true,
            AtRestEncryptionEnabled = true,
            Port = RedisPort,
            CacheSubnetGroupName = subnetGroup.Ref,
            SecurityGroupIds = [securityGroup.SecurityGroupId],
        });
    }

    private void CreateFileSystem()
    {
        var securityGroup = CreateBackendSecurityGroup("FileSystemSecurityGroup", "EFS: NFS 2049 from the ECS tasks", NfsPort);

        FileSystem = new Amazon.CDK.AWS.EFS.FileSystem(this, "FileSystem", new FileSystemProps
        {
            Vpc = Vpc,
            VpcSubnets = PrivateSubnets,
            SecurityGroup = securityGroup,
            Encrypted = true,
            PerformanceMode = PerformanceMode.GENERAL_PURPOSE,
            ThroughputMode = ThroughputMode.BURSTING,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        // Every client enters as the containers' non-root user (the .NET images' "app", 1654), in
        // its own folder, whatever uid the task happens to run with.
        FileSystemAccessPoint = FileSystem.AddAccessPoint("FilesAccessPoint", new AccessPointOptions
        {
            Path = "/files",
            PosixUser = new PosixUser { Uid = AppUid, Gid = AppUid },
            CreateAcl = new Acl
            {
                OwnerUid = AppUid,
                OwnerGid = AppUid,
                Permissions = "750",
            },
        });
    }

    private void CreateParameters()
    {
        foreach (var parameter in _deployment.Parameters)
        {
            var id = CdkNames.Pascal(parameter.Name);
            if (parameter.Secret)
            {
                _parameterSecrets[parameter.Name] = new SecretsManagerSecret(this, $"{id}Secret", new SecretProps
                {
                    SecretName = $"{_deployment.Name}/{parameter.Name}",
                    Description = parameter.Generated
                        ? $"Aspire parameter '{parameter.Name}' (generated)"
                        : $"Aspire parameter '{parameter.Name}': set its value before the first deploy (aws secretsmanager put-secret-value)",
                    GenerateSecretString = parameter.Generated
                        ? new SecretStringGenerator { PasswordLength = 64, ExcludePunctuation = true }
                        : null,
                    // Secrets the operator owns (Stripe keys) start empty: the api treats empty as
                    // "not configured" instead of failing on a random placeholder.
                    SecretStringValue = parameter.Generated ? null : SecretValue.UnsafePlainText(string.Empty),
                });
            }
            else
            {
                _parameterInputs[parameter.Name] = new CfnParameter(this, id, new CfnParameterProps
                {
                    Type = "String",
                    Description = $"Aspire parameter '{parameter.Name}'",
                    Default = parameter.DefaultValue,
                });
            }
        }
    }
}
