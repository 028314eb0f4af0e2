using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace ApraNova.Hosting.Infrastructure;

internal static class HostingParameters
{
    /// <summary>
    /// <c>{name}-password</c>: generated on the first run, then kept in the AppHost's user secrets
    /// (the data folder outlives a run). No special characters: it also sits inside connection strings.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedPassword(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter($"{name}-password",
            new GenerateParameterDefault { MinLength = 22, Special = false }, secret: true, persist: true);
}
