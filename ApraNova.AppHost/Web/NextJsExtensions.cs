using ApraNova.AppHost.Web;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>How the AppHost runs the Next.js web (<c>ApraNova:WebMode</c>).</summary>
public enum NextJsMode
{
    /// <summary><c>next build</c> (skipped when the sources did not change) then the standalone server, as in production.</summary>
    Production,

    /// <summary><c>next dev</c>: hot reload while working on the web.</summary>
    Development,
}

public static class NextJsExtensions
{
    public const string ModeKey = "ApraNova:WebMode";

    /// <summary>
    /// Adds a Next.js app. In run mode a setup step restores its npm packages (<c>npm ci</c> when
    /// node_modules is missing or package-lock.json changed) and, in production mode, another builds it
    /// (skipped when its sources are unchanged since the last build); the server waits for both.
    /// </summary>
    public static IResourceBuilder<NextJsAppResource> AddNextJsApp(this IDistributedApplicationBuilder builder,
        string name, string appDirectory, int port)
    {
        appDirectory = Path.GetFullPath(appDirectory, builder.AppHostDirectory);
        var mode = builder.Configuration[ModeKey]?.Trim().ToLowerInvariant() is "dev" or "development"
            ? NextJsMode.Development
            : NextJsMode.Production;
        var project = new NextJsProject(appDirectory);

        // Run node directly rather than through npm: Aspire's stop signal then reaches the server itself.
        var web = builder.AddResource(new NextJsAppResource(name, "node", appDirectory))
            .WithArgs(mode == NextJsMode.Production ? project.StandaloneServerArguments : project.DevServerArguments)
            .WithHttpEndpoint(port: port, env: "PORT")
            .WithEnvironment("HOSTNAME", "0.0.0.0")
            .WithEnvironment("NEXT_TELEMETRY_DISABLED", "1")
            .WithEnvironment("NODE_ENV", mode == NextJsMode.Production ? "production" : "development")
            .WithOtlpExporter()
            .WithHttpHealthCheck("/")
            .WithIconName("Globe");

        if (builder.ExecutionContext.IsRunMode)
        {
            var install = builder.AddSetupStep($"{name}-install", project.InstallAsync).WithParentRelationship(web);
            web.WaitForCompletion(install);
            if (mode == NextJsMode.Production)
            {
                var build = builder.AddSetupStep($"{name}-build", project.BuildAsync)
                    .WithParentRelationship(web)
                    .WaitForCompletion(install);
                web.WaitForCompletion(build);
            }
        }
        return web;
    }

    /// <summary>Points the web's server-side forwarding and rendering at the api (<c>API_URL</c> and service discovery).</summary>
    public static IResourceBuilder<NextJsAppResource> WithApi(this IResourceBuilder<NextJsAppResource> web, IResourceBuilder<ProjectResource> api) =>
        web.WithReference(api)
            .WithEnvironment("API_URL", api.GetEndpoint("http"))
            .WaitFor(api);
}
