using System.Globalization;
using ApraNova.Hosting.Aws.Cdk.Configuration;
using ApraNova.Hosting.Aws.Cdk.Data;
using ApraNova.Hosting.Aws.Cdk.Edge;
using ApraNova.Hosting.Aws.Model;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;

namespace ApraNova.Hosting.Aws.Cdk.Services;

/// <summary>
/// Turns the model's <see cref="DeploymentValue"/>s into what a container gets: a plain
/// environment value (text or CloudFormation tokens) or an ECS secret (a Secrets Manager secret,
/// whole or one JSON field). Secret values never become plain text: a value that mixes a secret
/// into other text is refused, since ECS injects whole secrets only.
/// </summary>
public sealed class DeploymentValueResolver(
    DatabaseConstruct? database,
    CacheConstruct? cache,
    ParametersConstruct parameters,
    PublicOrigin origin,
    IReadOnlyCollection<string> serviceNames)
{
    /// <summary>Splits a service's environment into plain variables and secrets, by name.</summary>
    public (Dictionary<string, string> Environment, Dictionary<string, EcsSecret> Secrets) Resolve(FargateServiceSpec service)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = new Dictionary<string, EcsSecret>(StringComparer.Ordinal);
        foreach (var (name, value) in service.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (value.IsSecret)
            {
                secrets[name] = ResolveSecret(service, name, value);
            }
            else
            {
                environment[name] = ResolvePlain(service, name, value);
            }
        }

        return (environment, secrets);
    }

    private EcsSecret ResolveSecret(FargateServiceSpec service, string name, DeploymentValue value) => value switch
    {
        ParameterValue { Secret: true } parameter => EcsSecret.FromSecretsManager(parameters.Secrets[parameter.ParameterName]),
        ConnectionStringValue { Store: DataStoreKind.Database } => EcsSecret.FromSecretsManager(Require(database, value).ConnectionStringSecret),
        ConnectionStringValue { Store: DataStoreKind.Cache } => EcsSecret.FromSecretsManager(Require(cache, value).ConnectionStringSecret),
        ConnectionPropertyValue { Store: DataStoreKind.Database, Property: "PASSWORD" } => EcsSecret.FromSecretsManager(Require(database, value).MasterSecret, "password"),
        ConnectionPropertyValue { Store: DataStoreKind.Database, Property: "URI" } => EcsSecret.FromSecretsManager(Require(database, value).UriSecret),
        ConnectionPropertyValue { Store: DataStoreKind.Cache, Property: "PASSWORD" } => EcsSecret.FromSecretsManager(Require(cache, value).AuthTokenSecret),
        ConnectionPropertyValue { Store: DataStoreKind.Cache, Property: "URI" } => EcsSecret.FromSecretsManager(Require(cache, value).UriSecret),
        _ => throw new NotSupportedException(
            $"'{name}' of '{service.Name}' mixes a secret into other text ({value}); ECS injects whole secrets only. " +
            "Reference the secret on its own."),
    };

    private string ResolvePlain(FargateServiceSpec service, string name, DeploymentValue value) => value switch
    {
        LiteralValue literal => literal.Value,
        ParameterValue parameter => parameters.Inputs[parameter.ParameterName].ValueAsString,
        ConnectionPropertyValue { Store: DataStoreKind.Database } property => property.Property switch
        {
            "HOST" => Require(database, value).Instance.DbInstanceEndpointAddress,
            "PORT" => Require(database, value).Instance.DbInstanceEndpointPort,
            "USERNAME" => Architecture.DatabaseUser,
            "DATABASENAME" => Require(database, value).DatabaseName,
            "JDBCCONNECTIONSTRING" =>
                $"jdbc:postgresql://{Require(database, value).Instance.DbInstanceEndpointAddress}:{Require(database, value).Instance.DbInstanceEndpointPort}/{Require(database, value).DatabaseName}?sslmode=require",
            _ => throw Unsupported(property),
        },
        ConnectionPropertyValue { Store: DataStoreKind.Cache } property => property.Property switch
        {
            "HOST" => Require(cache, value).Host,
            "PORT" => Architecture.RedisPort.ToString(CultureInfo.InvariantCulture),
            _ => throw Unsupported(property),
        },
        ServiceEndpointValue endpoint => ResolveEndpoint(endpoint),
        CompositeValue composite => string.Format(
            CultureInfo.InvariantCulture,
            composite.Format,
            [.. composite.Parts.Select(p => (object)ResolvePlain(service, name, p))]),
        _ => throw new NotSupportedException($"'{name}' of '{service.Name}' references {value}, which this stack does not create."),
    };

    /// <summary>Every service sits behind the one public origin (the web calls the api through it).</summary>
    private string ResolveEndpoint(ServiceEndpointValue endpoint)
    {
        if (!serviceNames.Contains(endpoint.ServiceName))
        {
            throw new InvalidOperationException($"Endpoint of '{endpoint.ServiceName}' is referenced but it is not a service of this deployment.");
        }

        return endpoint.Part switch
        {
            ServiceEndpointPart.Url => origin.Url,
            ServiceEndpointPart.Host => origin.Host,
            ServiceEndpointPart.Port => origin.Port.ToString(CultureInfo.InvariantCulture),
            ServiceEndpointPart.Scheme => origin.Scheme,
            ServiceEndpointPart.HostAndPort => origin.HostAndPort,
            _ => throw new NotSupportedException(endpoint.Part.ToString()),
        };
    }

    private static T Require<T>(T? store, DeploymentValue value) where T : class =>
        store ?? throw new InvalidOperationException($"{value} references a data store this deployment does not create.");

    private static NotSupportedException Unsupported(ConnectionPropertyValue property) =>
        new($"Connection property {property.Property} of '{property.ResourceName}' has no AWS value.");
}
