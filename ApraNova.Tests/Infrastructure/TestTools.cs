using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ApraNova.Tests.Infrastructure;

/// <summary>Helpers for starting the AppHost under test.</summary>
public static class TestTools
{
    /// <summary>
    /// Tools the AppHost installs (PostgreSQL binaries, Garnet) are kept between test runs in the
    /// temp folder, which the unprivileged PostgreSQL user can read even when the repository is not.
    /// </summary>
    public static string SharedToolsDirectory => Path.Combine(Path.GetTempPath(), "apranova-tools");

    /// <summary>Parent of the per-AppHost temporary data folders.</summary>
    public static string TestDataRoot => Path.Combine(Path.GetTempPath(), "apranova-tests");

    /// <summary>
    /// The AppHost's model as <c>dotnet run</c> builds it, with the data tier as local processes,
    /// its state in <paramref name="dataDirectory"/>, the tools shared between runs and no dashboard;
    /// <paramref name="settings"/> (<c>--Key=value</c>) come last and win.
    /// </summary>
    public static Task<IDistributedApplicationTestingBuilder> CreateAppHostAsync(string dataDirectory, IEnumerable<string> settings, CancellationToken cancellationToken) =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.ApraNova_AppHost>(
            [
                "--ApraNova:Infrastructure=processes",
                $"--ApraNova:DataDirectory={dataDirectory}",
                $"--ApraNova:ToolsDirectory={SharedToolsDirectory}",
                .. settings,
            ],
            (options, _) => options.DisableDashboard = true,
            cancellationToken);

    /// <summary>Stops an AppHost started by a test (its processes end with it) and removes its data folder.</summary>
    public static async Task StopAppHostAsync(DistributedApplication app, string dataDirectory)
    {
        // Generous: stopping waits for every process to exit, on a loaded machine.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await app.StopAsync(timeout.Token);
        }
        finally
        {
            await app.DisposeAsync();
            DeleteDataDirectory(dataDirectory);
        }
    }

    /// <summary>Removes a test data folder (best effort: a crashed run's leftovers must not fail the next one).</summary>
    public static void DeleteDataDirectory(string dataDirectory)
    {
        for (var attempt = 0; attempt < 5 && Directory.Exists(dataDirectory); attempt++)
        {
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A server that is still writing its last files: try again shortly.
                Thread.Sleep(200);
            }
        }
    }

    /// <summary>Removes every resource except the named ones, what they wait for, their parents and the parameters.</summary>
    public static void KeepOnly(IDistributedApplicationTestingBuilder builder, params string[] names)
    {
        var keep = new HashSet<IResource>();
        void Keep(IResource resource)
        {
            if (!keep.Add(resource))
            {
                return;
            }
            foreach (var wait in resource.Annotations.OfType<WaitAnnotation>())
            {
                Keep(wait.Resource);
            }
            if (resource is IResourceWithParent child)
            {
                Keep(child.Parent);
            }
        }
        foreach (var name in names)
        {
            Keep(builder.Resources.Single(resource => resource.Name == name));
        }
        foreach (var resource in builder.Resources.Where(r => !keep.Contains(r) && r is not ParameterResource).ToList())
        {
            builder.Resources.Remove(resource);
        }
    }

    /// <summary>The console logs of some resources, for a failure message that says why.</summary>
    public static async Task<string> ResourceLogsAsync(DistributedApplication app, IEnumerable<string> resourceNames)
    {
        var text = new StringBuilder();
        var loggers = app.Services.GetRequiredService<ResourceLoggerService>();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var resource in model.Resources.Where(r => resourceNames.Contains(r.Name)))
        {
            var name = resource.Name;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await foreach (var batch in loggers.GetAllAsync(resource).WithCancellation(timeout.Token))
                {
                    foreach (var line in batch)
                    {
                        text.Append('[').Append(name).Append("] ").AppendLine(line.Content);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
        return text.ToString();
    }
}
