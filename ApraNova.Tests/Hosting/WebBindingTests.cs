using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using ApraNova.Hosting.Web;
using ApraNova.Tests.Web;

namespace ApraNova.Tests.Hosting;

/// <summary>
/// A local run of the web listens on loopback only: what it serves in development (the dev outbox
/// through its /api forwarding, every reset link) must not reach the network the machine is on.
/// (In AWS the task listens on every interface for the ALB: the publish mapping sets that.)
/// </summary>
public sealed class WebBindingTests
{
    [Theory]
    [InlineData("production")]
    [InlineData("dev")]
    public async Task A_local_run_of_the_web_listens_on_loopback_only(string mode)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = [$"--{NextJsWebExtensions.ModeKey}={mode}"],
            DisableDashboard = true,
        });
        var web = builder.AddNextJsWeb("web", WebProject.Directory, port: 3000).Resource;

        var environment = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(builder.ExecutionContext, web, environment);
        foreach (var callback in web.Annotations.OfType<EnvironmentCallbackAnnotation>())
            await callback.Callback(context);
        var arguments = new List<object>();
        var argumentContext = new CommandLineArgsCallbackContext(arguments);
        foreach (var callback in web.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
            await callback.Callback(argumentContext);

        // The standalone server reads HOSTNAME; `next dev` ignores it and takes --hostname.
        Assert.Equal("127.0.0.1", environment["HOSTNAME"]);
        if (mode == "dev")
        {
            var hostname = arguments.Select(argument => argument.ToString()).ToList().IndexOf("--hostname");
            Assert.True(hostname >= 0, string.Join(' ', arguments));
            Assert.Equal("127.0.0.1", arguments[hostname + 1].ToString());
        }
    }
}
