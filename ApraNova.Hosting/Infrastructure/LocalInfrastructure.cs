using ApraNova.Hosting.Setup;
using Aspire.Hosting;
using Microsoft.Extensions.Configuration;

namespace ApraNova.Hosting.Infrastructure;

/// <summary>How the data tier runs on this machine (<see cref="Mode"/>) and where its local state lives (<see cref="Paths"/>).</summary>
public sealed record LocalInfrastructure(InfrastructureMode Mode, LocalPaths Paths)
{
    public const string ModeKey = "ApraNova:Infrastructure";

    /// <summary>
    /// <c>ApraNova:Infrastructure</c>: <c>auto</c> (default) picks containers when a container runtime
    /// answers, otherwise processes. Publishing always models containers' resource types: the AWS
    /// publisher maps those to RDS and ElastiCache, and nothing is started.
    /// </summary>
    /// <exception cref="HostingPrerequisiteException">The setting has an unknown value.</exception>
    public static LocalInfrastructure Resolve(IDistributedApplicationBuilder builder)
    {
        var paths = LocalPaths.From(builder);
        if (builder.ExecutionContext.IsPublishMode)
        {
            return new(InfrastructureMode.Containers, paths);
        }

        var setting = builder.Configuration[ModeKey]?.Trim().ToLowerInvariant();
        var (mode, reason) = setting switch
        {
            null or "" or "auto" => ContainerRuntimeAnswers(builder.Configuration)
                ? (InfrastructureMode.Containers, "auto: a container runtime answered")
                : (InfrastructureMode.Processes, "auto: no container runtime answered"),
            "containers" => (InfrastructureMode.Containers, "configured"),
            "processes" => (InfrastructureMode.Processes, "configured"),
            _ => throw new HostingPrerequisiteException(
                $"{ModeKey} is '{setting}'.",
                "Use 'auto', 'containers' or 'processes' (e.g. dotnet run --project ApraNova.AppHost -- --ApraNova:Infrastructure=processes)."),
        };
        // Before the host (and its logging) exists: say on the console which way the data tier runs.
        Console.WriteLine($"ApraNova infrastructure: {mode.ToString().ToLowerInvariant()} ({reason})");
        return new(mode, paths);
    }

    /// <summary>Asks the runtime Aspire would use (ASPIRE_CONTAINER_RUNTIME, else docker) whether its engine is up.</summary>
    private static bool ContainerRuntimeAnswers(IConfiguration configuration)
    {
        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"] is { Length: > 0 } configured ? configured : "docker";
        // A docker CLI without a daemon fails fast; a hung daemon must not hang the AppHost.
        return ChildProcess.FindOnPath(runtime) is { } executable
            && ChildProcess.Probe(executable, ["info", "--format", "{{.ServerVersion}}"], TimeSpan.FromSeconds(5)) is { ExitCode: 0 };
    }
}
