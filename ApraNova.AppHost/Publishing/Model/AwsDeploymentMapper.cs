// Probe annotations are experimental in Aspire 13; reading them is how the model says its health path.
#pragma warning disable ASPIREPROBES001

using System.Globalization;
using System.Text.RegularExpressions;

namespace ApraNova.AppHost.Publishing.Model;

/// <summary>
/// Reads the Aspire application model (in publish mode) into an <see cref="AwsDeployment"/>.
/// Generic on purpose: every project and Next.js resource becomes a Fargate service and every
/// reference becomes an environment value, so a resource added to the AppHost shows up in AWS
/// without a change here.
/// </summary>
public sealed partial class AwsDeploymentMapper(AwsCdkEnvironmentResource environment, DistributedApplicationExecutionContext executionContext)
{
    /// <summary>Where the files store is mounted in every container that uses it.</summary>
    public const string FileSystemMountPath = "/mnt/files";

    // The seed's task sizes: backend 0.5 vCPU / 1 GB, frontend 0.25 vCPU / 0.5 GB.
    private static readonly (int Cpu, int Memory) DotnetServiceSize = (512, 1024);
    private static readonly (int Cpu, int Memory) FrontendServiceSize = (256, 512);

    /// <summary>What ASP.NET Core container images listen on unless told otherwise.</summary>
    private const int AspNetCoreContainerPort = 8080;

    private readonly Dictionary<string, ParameterSpec> _parameters = new(StringComparer.Ordinal);

    public async Task<AwsDeployment> MapAsync(DistributedApplicationModel model, CancellationToken cancellationToken)
    {
        var computeResources = model.Resources
            .Where(r => r is ProjectResource or NextJsAppResource)
            .Where(r => r.GetComputeEnvironment() is null || ReferenceEquals(r.GetComputeEnvironment(), environment))
            .ToList();

        var services = new List<FargateServiceSpec>();
        foreach (var resource in computeResources)
        {
            services.Add(await MapServiceAsync((IResourceWithEnvironment)resource, cancellationToken));
        }

        var defaultRoutes = services.Where(s => s.IsDefaultRoute).Select(s => s.Name).ToList();
        if (defaultRoutes.Count > 1)
        {
            throw new InvalidOperationException(
                $"Services {string.Join(", ", defaultRoutes)} all claim the load balancer's default route. " +
                "Give all but one of them path patterns with PublishAsFargateService(s => s.PathPatterns = [...]).");
        }

        return new AwsDeployment(
            environment.Options.StackName,
            services,
            MapDatabase(model),
            model.Resources.OfType<RedisResource>().Select(r => new CacheSpec(r.Name)).SingleOrDefault(),
            model.Resources.OfType<FileStorageResource>().Select(f => new FileSystemSpec(f.Name)).SingleOrDefault(),
            [.. _parameters.Values.OrderBy(p => p.Name, StringComparer.Ordinal)]);
    }

    private static DatabaseSpec? MapDatabase(DistributedApplicationModel model)
    {
        var databases = model.Resources.OfType<PostgresDatabaseResource>().ToList();
        return databases.Count switch
        {
            0 => null,
            1 => new DatabaseSpec(databases[0].Parent.Name, databases[0].Name, databases[0].DatabaseName),
            // One RDS instance creates one initial database; more would need a migration step.
            _ => throw new InvalidOperationException(
                $"The AWS environment maps one PostgreSQL database to RDS; the model has {databases.Count}."),
        };
    }

    private async Task<FargateServiceSpec> MapServiceAsync(IResourceWithEnvironment resource, CancellationToken cancellationToken)
    {
        var options = resource.Annotations.OfType<FargateServiceAnnotation>().SingleOrDefault() ?? new FargateServiceAnnotation();
        var isFrontend = resource is NextJsAppResource;
        var size = isFrontend ? FrontendServiceSize : DotnetServiceSize;

        var image = resource switch
        {
            ProjectResource project => new ContainerImageSpec(ContainerImageKind.DotnetProject, project.GetProjectMetadata().ProjectPath),
            NextJsAppResource next => new ContainerImageSpec(ContainerImageKind.NextJsStandalone, next.WorkingDirectory),
            _ => throw new NotSupportedException($"Resource '{resource.Name}' ({resource.GetType().Name}) cannot be built into an image."),
        };

        var httpEndpoint = HttpEndpoint(resource);
        var containerPort = options.ContainerPort ?? httpEndpoint.TargetPort ?? httpEndpoint.Port
            ?? (resource is ProjectResource
                ? AspNetCoreContainerPort
                : throw new InvalidOperationException(
                    $"Resource '{resource.Name}' has no port on its '{httpEndpoint.Name}' endpoint; give it one (WithHttpEndpoint(port: …))."));

        var environmentValues = await MapEnvironmentAsync(resource, containerPort, cancellationToken);

        FileSystemMountSpec? mount = null;
        if (resource.Annotations.OfType<FileStorageReferenceAnnotation>().SingleOrDefault() is { } files)
        {
            mount = new FileSystemMountSpec(files.Storage.Name, files.EnvironmentVariable, FileSystemMountPath);
            // The local folder of run mode means nothing in a container: the EFS mount replaces it.
            environmentValues[files.EnvironmentVariable] = new LiteralValue(FileSystemMountPath);
        }

        if (isFrontend)
        {
            // Next.js standalone listens on HOSTNAME; in a task it must accept the ALB's connections
            // on every interface, whatever the local run used.
            environmentValues["HOSTNAME"] = new LiteralValue("0.0.0.0");
            environmentValues["PORT"] = new LiteralValue(containerPort.ToString(CultureInfo.InvariantCulture));
            environmentValues.TryAdd("NODE_ENV", new LiteralValue("production"));
        }

        return new FargateServiceSpec(
            resource.Name,
            image,
            options.Cpu ?? size.Cpu,
            options.MemoryMiB ?? size.Memory,
            containerPort,
            options.HealthCheckPath ?? HealthCheckPath(resource),
            options.PathPatterns ?? (isFrontend ? [] : [$"/{resource.Name}/*"]),
            environmentValues,
            mount);
    }

    private static EndpointAnnotation HttpEndpoint(IResource resource)
    {
        var endpoints = resource.Annotations.OfType<EndpointAnnotation>().ToList();
        return endpoints.FirstOrDefault(e => e.Name == "http")
            ?? endpoints.FirstOrDefault(e => e.UriScheme == "http")
            ?? throw new InvalidOperationException($"Resource '{resource.Name}' has no HTTP endpoint for the load balancer to reach.");
    }

    /// <summary>
    /// The model's readiness path: an HTTP probe says it directly; <c>WithHttpHealthCheck</c> keeps
    /// it only inside its health check key (<c>{resource}_{endpoint}_{path}_{status}_check</c>).
    /// </summary>
    private static string HealthCheckPath(IResource resource)
    {
        var probe = resource.Annotations.OfType<EndpointProbeAnnotation>()
            .FirstOrDefault(p => p.Type is ProbeType.Readiness or ProbeType.Liveness);
        if (probe is not null)
        {
            return probe.Path;
        }

        // The check may probe another endpoint (https locally); behind the ALB the path is what counts.
        var prefix = $"{resource.Name}_";
        foreach (var check in resource.Annotations.OfType<HealthCheckAnnotation>())
        {
            if (check.Key.StartsWith(prefix, StringComparison.Ordinal)
                && HealthCheckKeySuffix().Match(check.Key[prefix.Length..]) is { Success: true } match)
            {
                return match.Groups["path"].Value;
            }
        }

        return "/";
    }

    [GeneratedRegex(@"^[^/]+_(?<path>/.*)_\d+_check$")]
    private static partial Regex HealthCheckKeySuffix();

    private async Task<Dictionary<string, DeploymentValue>> MapEnvironmentAsync(
        IResourceWithEnvironment resource, int containerPort, CancellationToken cancellationToken)
    {
        var raw = new Dictionary<string, object>(StringComparer.Ordinal);
        if (resource.TryGetEnvironmentVariables(out var callbacks))
        {
            var context = new EnvironmentCallbackContext(executionContext, resource, raw, cancellationToken);
            foreach (var callback in callbacks)
            {
                await callback.Callback(context);
            }
        }

        // Aspire 13 injects connection properties beside each connection string, named after the
        // referenced resource (apranova-db → APRANOVA_DB_HOST, …). Their values are built from the
        // local container's endpoint and password parameter; in AWS they come from RDS/ElastiCache.
        var connectionPrefixes = raw.Values.OfType<ConnectionStringReference>()
            .Select(r => r.Resource)
            .Distinct()
            .ToDictionary(r => r.Name.ToUpperInvariant().Replace('-', '_') + "_", r => r, StringComparer.Ordinal);

        var result = new Dictionary<string, DeploymentValue>(StringComparer.Ordinal);
        foreach (var (name, value) in raw)
        {
            if (IsLocalOnly(name))
            {
                continue;
            }

            var property = connectionPrefixes.FirstOrDefault(p => name.StartsWith(p.Key, StringComparison.Ordinal));
            result[name] = property.Value is not null && name[property.Key.Length..] is var suffix && ConnectionProperties.Contains(suffix)
                ? new ConnectionPropertyValue(MapConnectionString(name, property.Value).ResourceName, suffix, property.Value is PostgresDatabaseResource)
                : MapValue(resource, name, value, containerPort);
        }

        return result;
    }

    private static readonly HashSet<string> ConnectionProperties =
        new(["HOST", "PORT", "USERNAME", "PASSWORD", "DATABASENAME", "URI", "JDBCCONNECTIONSTRING"], StringComparer.Ordinal);

    /// <summary>
    /// Variables that only make sense next to the local Aspire dashboard (telemetry export to it,
    /// console formatting for its log view). In ECS the logs go to CloudWatch instead.
    /// </summary>
    private static bool IsLocalOnly(string name) =>
        name.StartsWith("OTEL_", StringComparison.Ordinal)
        || name is "ASPNETCORE_FORWARDEDHEADERS_ENABLED" or "LOGGING__CONSOLE__FORMATTEROPTIONS__TIMESTAMPFORMAT";

    private DeploymentValue MapValue(IResource owner, string variable, object? value, int containerPort) => value switch
    {
        null => new LiteralValue(string.Empty),
        string text => new LiteralValue(text),
        ParameterResource parameter => MapParameter(parameter),
        ConnectionStringReference reference => MapConnectionString(variable, reference.Resource),
        IResourceWithConnectionString resource => MapConnectionString(variable, resource),
        EndpointReference endpoint => MapEndpoint(owner, endpoint, EndpointProperty.Url, containerPort),
        EndpointReferenceExpression expression => MapEndpoint(owner, expression.Endpoint, expression.Property, containerPort),
        ReferenceExpression expression => MapExpression(owner, variable, expression, containerPort),
        IFormattable formattable => new LiteralValue(formattable.ToString(null, CultureInfo.InvariantCulture)),
        _ => throw new NotSupportedException(
            $"Environment variable '{variable}' of '{owner.Name}' has a value of type {value.GetType().Name} that the AWS environment cannot map."),
    };

    private DeploymentValue MapExpression(IResource owner, string variable, ReferenceExpression expression, int containerPort)
    {
        if (expression.IsConditional)
        {
            // Conditions in Aspire's expressions test endpoint TLS; behind the ALB the containers speak plain HTTP.
            return MapExpression(owner, variable, expression.WhenFalse!, containerPort);
        }

        var parts = expression.ValueProviders.Select(p => MapValue(owner, variable, p, containerPort)).ToList();
        if (parts.All(p => p is LiteralValue))
        {
            var literals = parts.Cast<LiteralValue>().Select(l => (object)l.Value).ToArray();
            return new LiteralValue(string.Format(CultureInfo.InvariantCulture, expression.Format, literals));
        }

        return parts.Count == 1 && expression.Format == "{0}" ? parts[0] : new CompositeValue(expression.Format, parts);
    }

    private ParameterValue MapParameter(ParameterResource parameter)
    {
        string? defaultValue = null;
        var generated = parameter.Default is GenerateParameterDefault;
        if (!parameter.Secret && !generated && parameter.Default is not null)
        {
            defaultValue = parameter.Default.GetDefaultValue();
        }

        _parameters.TryAdd(parameter.Name, new ParameterSpec(parameter.Name, parameter.Secret, generated, defaultValue));
        return new ParameterValue(parameter.Name, parameter.Secret);
    }

    private static ConnectionStringValue MapConnectionString(string variable, IResourceWithConnectionString resource) => resource switch
    {
        PostgresDatabaseResource database => new ConnectionStringValue(database.Name) { IsDatabase = true },
        RedisResource redis => new ConnectionStringValue(redis.Name),
        _ => throw new NotSupportedException(
            $"'{variable}' references '{resource.Name}' ({resource.GetType().Name}); the AWS environment maps PostgreSQL databases and Redis only."),
    };

    private static DeploymentValue MapEndpoint(IResource owner, EndpointReference endpoint, EndpointProperty property, int containerPort)
    {
        // A service's own ports (HTTP_PORTS, PORT) are the container port it listens on in its task.
        if (ReferenceEquals(endpoint.Resource, owner) && property is EndpointProperty.TargetPort or EndpointProperty.Port)
        {
            return new LiteralValue(containerPort.ToString(CultureInfo.InvariantCulture));
        }

        return property switch
        {
            EndpointProperty.Url => new ServiceEndpointValue(endpoint.Resource.Name, ServiceEndpointPart.Url),
            EndpointProperty.Host or EndpointProperty.IPV4Host => new ServiceEndpointValue(endpoint.Resource.Name, ServiceEndpointPart.Host),
            EndpointProperty.Port or EndpointProperty.TargetPort => new ServiceEndpointValue(endpoint.Resource.Name, ServiceEndpointPart.Port),
            EndpointProperty.Scheme => new ServiceEndpointValue(endpoint.Resource.Name, ServiceEndpointPart.Scheme),
            EndpointProperty.HostAndPort => new ServiceEndpointValue(endpoint.Resource.Name, ServiceEndpointPart.HostAndPort),
            _ => throw new NotSupportedException($"Endpoint property {property} of '{endpoint.Resource.Name}' cannot be mapped to AWS."),
        };
    }
}
