using System.Globalization;

namespace ApraNova.Hosting.Aws.Model;

/// <summary>
/// Reads the Aspire application model (in publish mode) into an <see cref="AwsDeployment"/>.
/// Generic on purpose: every project, and every resource marked with <c>PublishAsFargateService</c>,
/// becomes a Fargate service and every reference an environment value, so a resource added to the
/// AppHost shows up in AWS without a change here.
/// </summary>
public sealed class AwsDeploymentMapper(AwsCdkEnvironmentResource environment, DistributedApplicationExecutionContext executionContext)
{
    /// <summary>Where file stores are mounted in the containers: /mnt/{store name}.</summary>
    public const string FileSystemMountRoot = "/mnt";

    /// <summary>What ASP.NET Core container images listen on unless told otherwise.</summary>
    private const int AspNetCoreContainerPort = 8080;

    /// <summary>Health path when the model states none: the root, as a load balancer's default.</summary>
    private const string DefaultHealthPath = "/";

    // Connection properties Aspire 13 injects beside a connection string.
    private static readonly HashSet<string> ConnectionProperties =
        new(["HOST", "PORT", "USERNAME", "PASSWORD", "DATABASENAME", "URI", "JDBCCONNECTIONSTRING"], StringComparer.Ordinal);

    private readonly Dictionary<string, ParameterSpec> _parameters = new(StringComparer.Ordinal);

    public async Task<AwsDeployment> MapAsync(DistributedApplicationModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);

        var computeResources = model.Resources
            .OfType<IResourceWithEnvironment>()
            .Where(r => r is ProjectResource || r.Annotations.OfType<FargateServiceAnnotation>().Any())
            .Where(r => r.GetComputeEnvironment() is null || ReferenceEquals(r.GetComputeEnvironment(), environment))
            .ToList();

        var services = new List<FargateServiceSpec>();
        foreach (var resource in computeResources)
        {
            services.Add(await MapServiceAsync(resource, cancellationToken));
        }

        var defaultRoutes = services.Where(s => s.IsDefaultRoute).Select(s => s.Name).ToList();
        if (defaultRoutes.Count > 1)
        {
            throw new InvalidOperationException(
                $"Services {string.Join(", ", defaultRoutes)} all claim the load balancer's default route. " +
                "Give all but one of them path patterns with PublishAsFargateService(s => s.PathPatterns = [...]).");
        }

        var fileSystems = services.SelectMany(s => s.FileSystemMounts)
            .Select(m => m.FileSystemName)
            .Distinct(StringComparer.Ordinal)
            .Select(name => new FileSystemSpec(name))
            .ToList();

        return new AwsDeployment(
            environment.Options.StackName,
            services,
            MapDatabase(model),
            model.Resources.OfType<RedisResource>().Select(r => new CacheSpec(r.Name, r.PasswordParameter?.Name)).SingleOrDefault(),
            fileSystems,
            [.. _parameters.Values.OrderBy(p => p.Name, StringComparer.Ordinal)]);
    }

    private static DatabaseSpec? MapDatabase(DistributedApplicationModel model)
    {
        var databases = model.Resources.OfType<PostgresDatabaseResource>().ToList();
        return databases.Count switch
        {
            0 => null,
            1 => new DatabaseSpec(databases[0].Parent.Name, databases[0].Name, databases[0].DatabaseName, databases[0].Parent.PasswordParameter.Name),
            // One RDS instance creates one initial database; more would need a migration step.
            _ => throw new InvalidOperationException(
                $"The AWS environment maps one PostgreSQL database to RDS; the model has {databases.Count}."),
        };
    }

    private async Task<FargateServiceSpec> MapServiceAsync(IResourceWithEnvironment resource, CancellationToken cancellationToken)
    {
        var options = resource.Annotations.OfType<FargateServiceAnnotation>().SingleOrDefault() ?? new FargateServiceAnnotation();
        var image = ImageOf(resource);
        var (cpu, memory) = DefaultSize(image.Kind);

        var httpEndpoint = HttpEndpoint(resource);
        var containerPort = options.ContainerPort ?? httpEndpoint.TargetPort ?? httpEndpoint.Port
            ?? (resource is ProjectResource
                ? AspNetCoreContainerPort
                : throw new InvalidOperationException(
                    $"Resource '{resource.Name}' has no port on its '{httpEndpoint.Name}' endpoint; give it one (WithHttpEndpoint(port: …))."));

        var environmentValues = await MapEnvironmentAsync(resource, containerPort, cancellationToken);

        var mounts = new List<FileSystemMountSpec>();
        foreach (var mount in options.FileSystems)
        {
            var path = $"{FileSystemMountRoot}/{mount.FileStore.Name}";
            mounts.Add(new FileSystemMountSpec(mount.FileStore.Name, mount.EnvironmentVariable, path));
            // A local folder of run mode means nothing in a container: the mount replaces it.
            environmentValues[mount.EnvironmentVariable] = new LiteralValue(path);
        }

        if (image.Kind == ContainerImageKind.NextJsStandalone)
        {
            // Next.js standalone listens on HOSTNAME; in a task it must accept the ALB's connections
            // on every interface, whatever the local run used.
            environmentValues["HOSTNAME"] = new LiteralValue("0.0.0.0");
            environmentValues["PORT"] = new LiteralValue(containerPort.ToString(CultureInfo.InvariantCulture));
            environmentValues.TryAdd("NODE_ENV", new LiteralValue("production"));
        }

        var readiness = options.ReadinessPath ?? DefaultHealthPath;
        return new FargateServiceSpec(
            resource.Name,
            image,
            options.Cpu ?? cpu,
            options.MemoryMiB ?? memory,
            containerPort,
            readiness,
            options.LivenessPath ?? readiness,
            options.PathPatterns ?? (image.Kind == ContainerImageKind.NextJsStandalone ? [] : [$"/{resource.Name}/*"]),
            environmentValues,
            mounts);
    }

    /// <summary>A project builds with `dotnet publish`; an executable run from a folder with package.json is a Node.js (Next.js) app.</summary>
    private static ContainerImageSpec ImageOf(IResource resource) => resource switch
    {
        ProjectResource project => new ContainerImageSpec(ContainerImageKind.DotnetProject, project.GetProjectMetadata().ProjectPath),
        ExecutableResource executable when File.Exists(Path.Combine(executable.WorkingDirectory, "package.json"))
            => new ContainerImageSpec(ContainerImageKind.NextJsStandalone, executable.WorkingDirectory),
        _ => throw new NotSupportedException(
            $"Resource '{resource.Name}' ({resource.GetType().Name}) cannot be built into an image: the AWS environment builds " +
            ".NET projects and Node.js apps (an executable whose working directory has a package.json)."),
    };

    /// <summary>The architecture's task sizes: backend 0.5 vCPU / 1 GB, frontend 0.25 vCPU / 0.5 GB.</summary>
    private static (int Cpu, int Memory) DefaultSize(ContainerImageKind kind) => kind switch
    {
        ContainerImageKind.NextJsStandalone => (256, 512),
        _ => (512, 1024),
    };

    private static EndpointAnnotation HttpEndpoint(IResource resource)
    {
        var endpoints = resource.Annotations.OfType<EndpointAnnotation>().ToList();
        return endpoints.FirstOrDefault(e => e.Name == "http")
            ?? endpoints.FirstOrDefault(e => e.UriScheme == "http")
            ?? throw new InvalidOperationException($"Resource '{resource.Name}' has no HTTP endpoint for the load balancer to reach.");
    }

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
            if (property.Value is not null && name[property.Key.Length..] is var suffix && ConnectionProperties.Contains(suffix))
            {
                var connection = MapConnectionString(name, property.Value);
                result[name] = new ConnectionPropertyValue(connection.ResourceName, connection.Store, suffix);
            }
            else
            {
                result[name] = MapValue(resource, name, value, containerPort);
            }
        }

        return result;
    }

    /// <summary>
    /// Variables that only make sense next to the local Aspire dashboard (telemetry export to it,
    /// console formatting for its log view). In ECS the logs go to CloudWatch instead.
    /// </summary>
    public static bool IsLocalOnly(string name) =>
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
        PasswordGeneratorSpec? generator = null;
        string? defaultValue = null;
        if (parameter.Default is GenerateParameterDefault generate)
        {
            generator = new PasswordGeneratorSpec(generate.MinLength, generate.Lower, generate.Upper, generate.Numeric, generate.Special);
        }
        else if (!parameter.Secret && parameter.Default is not null)
        {
            // A secret's default never goes into a template, where anyone who reads the stack sees it.
            defaultValue = parameter.Default.GetDefaultValue();
        }

        _parameters.TryAdd(parameter.Name, new ParameterSpec(parameter.Name, parameter.Secret, generator, defaultValue));
        return new ParameterValue(parameter.Name, parameter.Secret);
    }

    private static ConnectionStringValue MapConnectionString(string variable, IResourceWithConnectionString resource) => resource switch
    {
        PostgresDatabaseResource database => new ConnectionStringValue(database.Name, DataStoreKind.Database),
        RedisResource redis => new ConnectionStringValue(redis.Name, DataStoreKind.Cache),
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
