using System.Text.Json.Nodes;
using ApraNova.Hosting.Aws.Cdk.Telemetry;
using ApraNova.Hosting.Aws.Model;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>
/// docs/architecture.md §5: the containers get the configuration Program.cs gives the services,
/// under the same names as in a local run.
/// </summary>
[Collection(AwsPublishCollection.Name)]
public sealed class ConfigurationTests(AwsPublishFixture fixture)
{
    /// <summary>
    /// Local-only by design, each with its reason: telemetry export and console formatting for the
    /// local dashboard (ECS logs go to CloudWatch); the dev outbox (Program.cs sets it in run mode
    /// only; the api refuses it in Production); what Aspire's local orchestration adds to a project
    /// it starts (the launch profile and its environment name, ASPNETCORE_URLS where the container
    /// has HTTP_PORTS, console colours and format for the dashboard's log view).
    /// </summary>
    private static bool IsLocalOnly(string name) =>
        AwsDeploymentMapper.IsLocalOnly(name)
        || name is "Mail__DevOutbox" or "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT" or "DOTNET_LAUNCH_PROFILE" or "ASPNETCORE_URLS"
            or "DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION" or "LOGGING__CONSOLE__FORMATTERNAME";

    [Fact]
    public async Task Api_reads_the_same_configuration_keys_as_locally()
    {
        // The local run as Program.cs declares it, with real Stripe keys (the configuration AWS has).
        await using var local = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ApraNova_AppHost>(
        [
            "--ApraNova:Infrastructure=containers", // the resource types publish maps (nothing starts)
            "--Parameters:stripe-secret-key=sk_test_local",
            "--Parameters:stripe-webhook-secret=whsec_local",
            "--Parameters:stripe-publishable-key=pk_test_local",
        ]);
        var localApi = local.Resources.OfType<ProjectResource>().Single(r => r.Name == ResourceNames.Api);
        var localKeys = (await EnvironmentKeysAsync(localApi, DistributedApplicationOperation.Run)).Where(k => !IsLocalOnly(k)).ToHashSet(StringComparer.Ordinal);

        var container = fixture.Container(ResourceNames.Api);
        var awsKeys = Templates.Environment(container).Keys.Concat(Templates.Secrets(container).Keys).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(localKeys.Except(awsKeys));
        // The one the other way round: the container's port, where the local run has ASPNETCORE_URLS;
        // and where telemetry goes (the collector beside it, where Aspire's dashboard is local).
        // And whom the api trusts for X-Forwarded-For: the load balancer's VPC in AWS (locally, the web on loopback).
        Assert.Equal(["ForwardedHeaders__KnownNetworks__0", "HTTP_PORTS"],
            awsKeys.Except(localKeys).Except(TelemetryConstruct.ServiceEnvironment(ResourceNames.Api).Keys).Order(StringComparer.Ordinal));
        // The keys the api's own code reads (not only Aspire's plumbing) are among them.
        Assert.Superset(new HashSet<string>
        {
            "ConnectionStrings__apranova-db", "ConnectionStrings__redis", "Files__RootPath", "Jwt__SigningKey", "App__PublicUrl",
            "Bootstrap__SuperAdminEmail", "Bootstrap__SuperAdminPassword", "Stripe__SecretKey", "Stripe__WebhookSecret", "Stripe__PublishableKey",
        }, localKeys);
    }

    [Fact]
    public async Task Every_variable_the_model_gives_a_service_reaches_its_container()
    {
        foreach (var resource in fixture.Model.Resources.OfType<IResourceWithEnvironment>()
                     .Where(r => fixture.Result.Deployment.Services.Any(s => s.Name == r.Name)))
        {
            var modelKeys = (await EnvironmentKeysAsync(resource, DistributedApplicationOperation.Publish))
                .Where(k => !AwsDeploymentMapper.IsLocalOnly(k))
                .ToHashSet(StringComparer.Ordinal);
            var container = fixture.Container(resource.Name);
            var awsKeys = Templates.Environment(container).Keys.Concat(Templates.Secrets(container).Keys).ToHashSet(StringComparer.Ordinal);

            // What the publisher adds: the mount path of a mounted store, Next.js' listening address.
            var added = fixture.Result.Deployment.Services.Single(s => s.Name == resource.Name).FileSystemMounts
                .Select(m => m.EnvironmentVariable)
                .Concat(resource is ProjectResource ? [] : ["HOSTNAME", "PORT", "NODE_ENV"])
                .Concat(TelemetryConstruct.ServiceEnvironment(resource.Name).Keys);
            Assert.Empty(modelKeys.Except(awsKeys));
            Assert.Empty(awsKeys.Except(modelKeys).Except(added));
        }
    }

    [Fact]
    public void Web_reaches_the_api_through_the_load_balancer_and_listens_on_3000_on_all_interfaces()
    {
        var environment = Templates.Environment(fixture.Container(ResourceNames.Web));
        var loadBalancer = fixture.LogicalId("AWS::ElasticLoadBalancingV2::LoadBalancer", "EdgeLoadBalancer");
        var originUrl = $$"""{"Fn::Join":["",["http://",{"Fn::GetAtt":["{{loadBalancer}}","DNSName"]}]]}""";
        Assert.Equal(originUrl, environment["API_URL"]);
        Assert.Equal(originUrl, Templates.Environment(fixture.Container(ResourceNames.Api))["App__PublicUrl"]);
        Assert.Equal("\"3000\"", environment["PORT"]);
        Assert.Equal("\"0.0.0.0\"", environment["HOSTNAME"]);
        Assert.Empty(Templates.Secrets(fixture.Container(ResourceNames.Web)));
        // (localhost only for telemetry: the collector runs in the same task.)
        Assert.DoesNotContain(environment.Where(e => !TelemetryConstruct.ServiceEnvironment(ResourceNames.Web).ContainsKey(e.Key)).Select(e => e.Value),
            v => v.Contains("localhost", StringComparison.Ordinal));
    }

    [Fact]
    public void Database_and_cache_connection_strings_are_composed_secrets_with_tls()
    {
        var secrets = Templates.Secrets(fixture.Container(ResourceNames.Api));
        var database = fixture.LogicalId("AWS::SecretsManager::Secret", "DatabaseConnectionString");
        var cache = fixture.LogicalId("AWS::SecretsManager::Secret", "CacheConnectionString");
        Assert.Equal(Templates.Ref(database), secrets["ConnectionStrings__apranova-db"]);
        Assert.Equal(Templates.Ref(cache), secrets["ConnectionStrings__redis"]);

        var databaseString = SecretString(database);
        var rdsSecret = fixture.LogicalId("AWS::SecretsManager::SecretTargetAttachment", "DatabaseInstanceSecretAttachment");
        Assert.Contains("Host=", databaseString, StringComparison.Ordinal);
        Assert.Contains("\"Endpoint.Address\"", databaseString, StringComparison.Ordinal);
        Assert.Contains("Database=apranova_db;Username=apranova_admin;Password={{resolve:secretsmanager:", databaseString, StringComparison.Ordinal);
        Assert.Contains(":SecretString:password::}};SSL Mode=Require", databaseString, StringComparison.Ordinal);
        Assert.Contains(rdsSecret, databaseString, StringComparison.Ordinal);

        var cacheString = SecretString(cache);
        var token = fixture.LogicalId("AWS::SecretsManager::Secret", "CacheAuthToken");
        Assert.Contains("\"PrimaryEndPoint.Address\"", cacheString, StringComparison.Ordinal);
        Assert.Contains(":6379,ssl=true,password={{resolve:secretsmanager:", cacheString, StringComparison.Ordinal);
        Assert.Contains(token, cacheString, StringComparison.Ordinal);
    }

    private string SecretString(string logicalId) =>
        fixture.Resources("AWS::SecretsManager::Secret").Single(s => s.Id == logicalId).Properties["SecretString"]!.ToJsonString();

    /// <summary>The variable names a resource's environment callbacks set in the given mode (values are not evaluated).</summary>
    private static async Task<IReadOnlyCollection<string>> EnvironmentKeysAsync(IResource resource, DistributedApplicationOperation operation)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(operation), resource, values);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return values.Keys;
    }
}
