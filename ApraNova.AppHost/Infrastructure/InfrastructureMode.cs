using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace ApraNova.AppHost.Infrastructure;

/// <summary>How PostgreSQL and Redis run locally (<c>ApraNova:Infrastructure</c>).</summary>
public enum InfrastructureMode
{
    /// <summary>Aspire's container integrations (postgres:14, redis:7), as in the seed's docker-compose.</summary>
    Containers,

    /// <summary>Local processes: no container engine, no root, no system packages needed.</summary>
    Processes,
}

public static class InfrastructureModeResolver
{
    public const string ConfigurationKey = "ApraNova:Infrastructure";

    /// <summary>
    /// <c>auto</c> (default): containers when a container runtime answers, otherwise processes.
    /// Publishing always models containers' resource types: the AWS publisher maps those to RDS
    /// and ElastiCache, and nothing is started.
    /// </summary>
    public static InfrastructureMode Resolve(IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return InfrastructureMode.Containers;
        }

        var setting = builder.Configuration[ConfigurationKey]?.Trim().ToLowerInvariant();
        var (mode, reason) = setting switch
        {
            null or "" or "auto" => ContainerRuntimeAnswers(builder.Configuration)
                ? (InfrastructureMode.Containers, "auto: a container runtime answered")
                : (InfrastructureMode.Processes, "auto: no container runtime answered"),
            "containers" => (InfrastructureMode.Containers, "configured"),
            "processes" => (InfrastructureMode.Processes, "configured"),
            _ => Invalid(setting),
        };
        // Before the host (and its logging) exists: say on the console which way the data tier runs.
        Console.WriteLine($"ApraNova infrastructure: {mode.ToString().ToLowerInvariant()} ({reason})");
        return mode;
    }

    private static (InfrastructureMode, string) Invalid(string setting)
    {
        Prerequisites.Fail(new PrerequisiteException(
            $"{ConfigurationKey} is '{setting}'.",
            "Use 'auto', 'containers' or 'processes' (e.g. dotnet run --project ApraNova.AppHost -- --ApraNova:Infrastructure=processes)."));
        throw new UnreachableException();
    }

    /// <summary>Asks the runtime Aspire would use (ASPIRE_CONTAINER_RUNTIME, else docker) whether its engine is up.</summary>
    private static bool ContainerRuntimeAnswers(IConfiguration configuration)
    {
        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"] is { Length: > 0 } configured ? configured : "docker";
        if (Setup.ChildProcess.FindOnPath(runtime) is not { } executable)
        {
            return false;
        }
        try
        {
            using var process = Process.Start(new ProcessStartInfo(executable, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            // A docker CLI without a daemon fails fast; a hung daemon must not hang the AppHost.
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
