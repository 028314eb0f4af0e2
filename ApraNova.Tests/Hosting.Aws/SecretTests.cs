using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ApraNova.Api.Features.Payments;
using Aspire.Hosting.ApplicationModel;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary>
/// docs/architecture.md §5: every value the AppHost marks secret reaches AWS only as a Secrets
/// Manager secret injected as an ECS secret, never as a template parameter or a plain value.
/// </summary>
[Collection(AwsPublishCollection.Name)]
public sealed partial class SecretTests(AwsPublishFixture fixture)
{
    [Fact]
    public void Every_secret_parameter_of_the_apphost_reaches_aws_only_as_a_secret()
    {
        // Parameters of the model, and the password parameters Aspire's PostgreSQL and Redis resources hold.
        var secretParameters = fixture.Model.Resources.OfType<ParameterResource>()
            .Concat(fixture.Model.Resources.OfType<PostgresServerResource>().Select(p => p.PasswordParameter))
            .Concat(fixture.Model.Resources.OfType<RedisResource>().Select(r => r.PasswordParameter).OfType<ParameterResource>())
            .Where(p => p.Secret)
            .Select(p => p.Name)
            .Distinct()
            .ToList();
        // Program.cs' own secrets, and those of Aspire's PostgreSQL and Redis resources.
        Assert.Superset(
            new HashSet<string>(["jwt-signing-key", "superadmin-password", "stripe-secret-key", "stripe-webhook-secret", "stripe-publishable-key", "postgres-password", "redis-password"]),
            secretParameters.ToHashSet());

        var deployment = fixture.Result.Deployment;
        var templateParameters = (fixture.ApplicationJson["Parameters"] as JsonObject ?? []).Select(p => p.Key).ToList();
        foreach (var name in secretParameters)
        {
            // Never a template parameter (its value or default would be readable in the stack).
            Assert.DoesNotContain(templateParameters, p => p.Equals(Pascal(name), StringComparison.OrdinalIgnoreCase));

            if (name == deployment.Database?.PasswordParameter)
            {
                // The database password: RDS generates it into Secrets Manager.
                Assert.Contains("resolve:secretsmanager", fixture.Resources("AWS::RDS::DBInstance").Single().Properties["MasterUserPassword"]!.ToJsonString(), StringComparison.Ordinal);
                continue;
            }

            if (name == deployment.Cache?.PasswordParameter)
            {
                // The Redis password: an auth token generated into Secrets Manager.
                var token = fixture.LogicalId("AWS::SecretsManager::Secret", "CacheAuthToken");
                Assert.Contains(token, fixture.Resources("AWS::ElastiCache::ReplicationGroup").Single().Properties["AuthToken"]!.ToJsonString(), StringComparison.Ordinal);
                Assert.Contains("resolve:secretsmanager", fixture.Resources("AWS::ElastiCache::ReplicationGroup").Single().Properties["AuthToken"]!.ToJsonString(), StringComparison.Ordinal);
                continue;
            }

            // A Secrets Manager secret of its own name, generated or holding the placeholder.
            var (secretId, secret) = fixture.Resources("AWS::SecretsManager::Secret").Single(s => (string?)s.Properties["Name"] == $"ApraNova/{name}");
            Assert.True(secret["GenerateSecretString"] is not null || (string?)secret["SecretString"] == ApraNova.Hosting.Aws.Cdk.Configuration.ParametersConstruct.Placeholder,
                $"{name}: {secret.ToJsonString()}");

            // Every container variable the model fills from it is an ECS secret pointing there.
            var uses = fixture.Result.Deployment.Services
                .SelectMany(s => s.Environment.Where(e => e.Value is ApraNova.Hosting.Aws.Model.ParameterValue p && p.ParameterName == name).Select(e => (Service: s.Name, Variable: e.Key)))
                .ToList();
            Assert.NotEmpty(uses);
            foreach (var (service, variable) in uses)
            {
                var container = fixture.Container(service);
                Assert.Equal(Templates.Ref(secretId), Templates.Secrets(container)[variable]);
                Assert.False(Templates.Environment(container).ContainsKey(variable), $"{service}: {variable} is also a plain variable");
            }
        }
    }

    [Fact]
    public void No_credential_is_a_plain_container_variable_or_a_template_parameter()
    {
        // Independent of how Program.cs marks its parameters: a variable named like a credential
        // travels as a secret (e.g. Bootstrap__SuperAdminPassword would turn plain if its
        // parameter stopped being secret, and this fails then).
        foreach (var service in fixture.Result.Deployment.Services)
        {
            var container = fixture.Container(service.Name);
            var plainCredentials = Templates.Environment(container).Keys.Where(k => CredentialName().IsMatch(k)).ToList();
            Assert.True(plainCredentials.Count == 0, $"{service.Name} gets credentials as plain variables: {string.Join(", ", plainCredentials)}");
            Assert.DoesNotContain(Templates.Environment(container).Values, v => v.Contains("resolve:secretsmanager", StringComparison.Ordinal));
        }

        foreach (var (name, parameter) in fixture.ApplicationJson["Parameters"] as JsonObject ?? [])
        {
            Assert.False(CredentialName().IsMatch(name) && name != "BootstrapVersion", $"Template parameter {name} looks like a credential: {parameter}");
        }
    }

    [Fact]
    public void The_placeholder_of_the_stripe_secrets_is_valid_json_the_api_reads_as_not_configured()
    {
        foreach (var name in new[] { "stripe-secret-key", "stripe-webhook-secret", "stripe-publishable-key" })
        {
            var (_, secret) = fixture.Resources("AWS::SecretsManager::Secret").Single(s => (string?)s.Properties["Name"] == $"ApraNova/{name}");
            var value = (string)secret["SecretString"]!;
            Assert.NotNull(JsonNode.Parse(value));
            Assert.Null(secret["GenerateSecretString"]);
        }

        var placeholder = ApraNova.Hosting.Aws.Cdk.Configuration.ParametersConstruct.Placeholder;
        Assert.False(new StripeOptions { SecretKey = placeholder, WebhookSecret = placeholder, PublishableKey = placeholder }.IsConfigured);
        // Real-looking keys still count as configured.
        Assert.True(new StripeOptions { SecretKey = "sk_live_abc", WebhookSecret = "whsec_abc" }.IsConfigured);
    }

    [Fact]
    public void Generated_secrets_follow_the_apphosts_generator()
    {
        // Program.cs: jwt-signing-key 64 characters, superadmin-password 20, both without special characters.
        foreach (var (name, length) in new[] { ("jwt-signing-key", 64), ("superadmin-password", 20) })
        {
            var (_, secret) = fixture.Resources("AWS::SecretsManager::Secret").Single(s => (string?)s.Properties["Name"] == $"ApraNova/{name}");
            var generator = secret["GenerateSecretString"]!;
            Assert.Equal(length, (int)generator["PasswordLength"]!);
            Assert.True((bool)generator["ExcludePunctuation"]!);
            Assert.True((bool)generator["RequireEachIncludedType"]!);
        }
    }

    private static string Pascal(string name) => string.Concat(name.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    [GeneratedRegex("(password|secret|signingkey|apikey|token|privatekey)", RegexOptions.IgnoreCase)]
    private static partial Regex CredentialName();
}
