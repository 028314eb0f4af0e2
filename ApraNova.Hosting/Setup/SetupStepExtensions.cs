using System.Diagnostics;
using ApraNova.Hosting.Resources;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApraNova.Hosting.Setup;

public static class SetupStepExtensions
{
    /// <summary>
    /// Adds a one-shot step that starts with the application; make others depend on it with
    /// <c>WaitForCompletion</c>. <paramref name="run"/> should return early when its work is already done.
    /// </summary>
    public static IResourceBuilder<SetupStepResource> AddSetupStep(this IDistributedApplicationBuilder builder,
        string name, Func<SetupStepContext, Task> run)
    {
        var step = new SetupStepResource(name, run);
        return builder.AddResource(step)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Setup",
                State = KnownResourceStates.NotStarted,
                Properties = [],
            })
            .WithIconName("ArrowDownload")
            .ExcludeFromManifest()
            .OnInitializeResource((resource, @event, cancellationToken) =>
            {
                // Runs in the background: initialization of the other resources must not wait on npm.
                _ = RunStepAsync(resource, @event, cancellationToken);
                return Task.CompletedTask;
            });
    }

    private static async Task RunStepAsync(SetupStepResource step, InitializeResourceEvent @event, CancellationToken cancellationToken)
    {
        var notifications = @event.Notifications;
        var logger = @event.Logger;
        // Steps may depend on other steps (build after install).
        await notifications.WaitForDependenciesAsync(step, cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        await notifications.PublishUpdateAsync(step, s => s with
        {
            State = KnownResourceStates.Running,
            StartTimeStamp = DateTime.UtcNow,
        });

        int exitCode;
        try
        {
            await step.Run(new SetupStepContext(logger, cancellationToken));
            logger.LogInformation("{Step} done in {Seconds:0.0} s.", step.Name, stopwatch.Elapsed.TotalSeconds);
            exitCode = 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (SetupStepException ex)
        {
            // A known problem with a known fix: one clear line, no stack trace, in the dashboard and on the console.
            logger.LogError("{Step} failed: {Message}", step.Name, ex.Message);
            ConsoleLogger(@event.Services).LogError("{Step} failed: {Message}", step.Name, ex.Message);
            exitCode = 1;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{Step} failed unexpectedly.", step.Name);
            ConsoleLogger(@event.Services).LogError("{Step} failed: {Message} (details in its logs on the dashboard)", step.Name, ex.Message);
            exitCode = 1;
        }

        await notifications.PublishUpdateAsync(step, s => s with
        {
            State = exitCode == 0 ? KnownResourceStates.Finished : KnownResourceStates.Exited,
            ExitCode = exitCode,
            StopTimeStamp = DateTime.UtcNow,
        });
    }

    /// <summary>The AppHost's own console (resource logs only reach the dashboard).</summary>
    internal static ILogger ConsoleLogger(IServiceProvider services) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger("ApraNova.Hosting");
}
