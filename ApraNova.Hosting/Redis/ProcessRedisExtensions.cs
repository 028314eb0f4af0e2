using ApraNova.Hosting.Infrastructure;
using ApraNova.Hosting.Resources;
using ApraNova.Hosting.Setup;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApraNova.Hosting.Redis;

/// <summary>
/// A Redis-protocol server as a local process: <c>redis-server</c> when it is on PATH, otherwise
/// Microsoft Garnet (the <c>garnet-server</c> .NET tool, installed into the tools folder by a setup
/// step), which needs nothing but the .NET SDK that runs the AppHost anyway.
/// </summary>
public static class ProcessRedisExtensions
{
    public const string GarnetPackage = "garnet-server";
    public const string GarnetVersion = "2.2.8";
    public const string ServerKey = "ApraNova:RedisServer";

    public static IResourceBuilder<ProcessRedisResource> AddProcessRedis(this IDistributedApplicationBuilder builder, string name, LocalPaths paths)
    {
        var password = builder.AddGeneratedPassword(name);

        // ApraNova:RedisServer=garnet forces the fallback (to try it where redis-server is installed).
        var redisServer = builder.Configuration[ServerKey]?.Trim().ToLowerInvariant() == "garnet" ? null : ChildProcess.FindOnPath("redis-server");
        var garnet = Path.Combine(paths.ToolsDirectory, "garnet", $"{GarnetVersion}");
        var command = redisServer ?? Path.Combine(garnet, GarnetPackage);
        var redis = new ProcessRedisResource(name, command, paths.RedisData, password.Resource);

        var resource = builder.AddResource(redis)
            .WithIconName("Memory")
            .WithEndpoint(name: ProcessRedisResource.PrimaryEndpointName, scheme: "tcp")
            .WithConnectionStringHealthCheck((checks, connectionString, checkName) =>
                checks.AddRedis(_ => connectionString(), name: checkName))
            // Its working folder (and Garnet's checkpoint folder) must exist before it starts.
            .OnBeforeResourceStarted((_, _, _) =>
            {
                Directory.CreateDirectory(paths.RedisData);
                return Task.CompletedTask;
            });

        if (redisServer is not null)
        {
            var configFile = Path.Combine(paths.RedisData, "redis.conf");
            resource
                .WithArgs(context =>
                {
                    context.Args.Add(configFile);
                    context.Args.Add("--port");
                    context.Args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                })
                .OnBeforeResourceStarted(async (redis, _, cancellationToken) =>
                {
                    // The password goes through a file readable by this user only, not the command line (ps).
                    var secret = await redis.PasswordParameter.GetValueAsync(cancellationToken);
                    await File.WriteAllTextAsync(configFile, $"""
                        # Written by the ApraNova AppHost at every start.
                        bind 127.0.0.1 -::1
                        protected-mode yes
                        requirepass {secret}
                        dir {paths.RedisData}
                        # A cache: nothing to keep across restarts.
                        save ""
                        appendonly no

                        """, cancellationToken);
                    if (!OperatingSystem.IsWindows())
                    {
                        File.SetUnixFileMode(configFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                    }
                });
        }
        else
        {
            var installer = builder.AddSetupStep($"{name}-install", context => InstallGarnetAsync(context, garnet))
                .WithParentRelationship(resource);
            resource
                .WithArgs(context =>
                {
                    context.Args.Add("--bind");
                    context.Args.Add("127.0.0.1");
                    context.Args.Add("--port");
                    context.Args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                    context.Args.Add("--auth");
                    context.Args.Add("Password");
                    context.Args.Add("--password");
                    context.Args.Add(redis.PasswordParameter);
                    // The api's curriculum cache uses a Lua script (EVAL), off by default in Garnet.
                    context.Args.Add("--lua");
                    // The default 16 GB log budget is meant for a dedicated cache server, not a laptop.
                    context.Args.Add("--memory");
                    context.Args.Add("256m");
                })
                .WaitForCompletion(installer);
        }
        return resource;
    }

    private static Task InstallGarnetAsync(SetupStepContext context, string toolPath) =>
        context.RunOnceAsync(toolPath + ".lock", () => File.Exists(Path.Combine(toolPath, GarnetPackage)),
            $"Garnet {GarnetVersion} is already installed in {toolPath}.",
            async () =>
            {
                context.Logger.LogInformation("redis-server is not installed: installing Microsoft Garnet {Version} (Redis protocol) into {Folder}.", GarnetVersion, toolPath);
                await context.RunAsync("dotnet", ["tool", "install", GarnetPackage, "--version", GarnetVersion, "--tool-path", toolPath], Path.GetDirectoryName(toolPath)!);
            });
}
