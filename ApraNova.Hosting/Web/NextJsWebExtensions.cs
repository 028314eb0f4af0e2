using ApraNova.Hosting.Resources;
using ApraNova.Hosting.Setup;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace ApraNova.Hosting.Web;

public static class NextJsWebExtensions
{
    public const string ModeKey = "ApraNova:WebMode";

    /// <summary>
    /// Adds a Next.js web. In run mode a setup step restores its npm packages (<c>npm ci</c> when
    /// node_modules is missing or package-lock.json changed) and, in production mode, another builds it
    /// (skipped when its sources are unchanged since the last build); the server waits for both.
    /// </summary>
    public static IResourceBuilder<NextJsWebResource> AddNextJsWeb(this IDistributedApplicationBuilder builder,
        string name, string appDirectory, int port)
    {
        appDirectory = Path.GetFullPath(appDirectory, builder.AppHostDirectory);
        var mode = builder.Configuration[ModeKey]?.Trim().ToLowerInvariant() is "dev" or "development"
            ? NextJsWebMode.Development
            : NextJsWebMode.Production;
        var project = new NextJsProject(appDirectory);

        // Run node directly rather than through npm: Aspire's stop signal then reaches the server itself.
        var web = builder.AddResource(new NextJsWebResource(name, "node", appDirectory))
            .WithArgs(mode == NextJsWebMode.Production ? project.StandaloneServerArguments : project.DevServerArguments)
            .WithHttpEndpoint(port: port, env: "PORT")
            // Loopback only: Aspire's proxy on the published port reaches it there, and a developer's
            // run (dev outbox, reset links) stays off the network. ECS tasks get 0.0.0.0 on publish.
            .WithEnvironment("HOSTNAME", NextJsProject.LoopbackHost)
            .WithEnvironment("NEXT_TELEMETRY_DISABLED", "1")
            .WithEnvironment("NODE_ENV", mode == NextJsWebMode.Production ? "production" : "development")
            .WithOtlpExporter()
            .WithHttpHealthCheck("/")
            .WithIconName("Globe");

        if (builder.ExecutionContext.IsRunMode)
        {
            var install = builder.AddSetupStep($"{name}-install", project.InstallAsync).WithParentRelationship(web);
            web.WaitForCompletion(install);
            if (mode == NextJsWebMode.Production)
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
    public static IResourceBuilder<NextJsWebResource> WithApi(this IResourceBuilder<NextJsWebResource> web, IResourceBuilder<ProjectResource> api) =>
        web.WithReference(api)
            .WithEnvironment("API_URL", api.GetEndpoint("http"))
            .WaitFor(api);
}
