using ApraNova.AppHost.Publishing;
using ApraNova.AppHost.Publishing.Cdk;
using ApraNova.AppHost.Publishing.Model;

namespace ApraNova.Tests.Publishing;

/// <summary>
/// Synthesizes the published deployment again with other publish options (certificate, NAT
/// gateways, Spot, Multi-AZ) without re-reading the model: a few seconds instead of a full publish.
/// </summary>
internal static class Variants
{
    public static SynthesisResult Synthesize(AwsPublishFixture fixture, AwsDeployment deployment, Func<AwsPublishOptions, AwsPublishOptions> change)
    {
        var options = change(new AwsPublishOptions());
        var directory = Path.Combine(fixture.OutputDirectory, "variants", Guid.NewGuid().ToString("N"));
        return CdkSynthesizer.Synthesize(deployment, options, fixture.Result.ImageContexts, directory);
    }
}
