using ApraNova.Hosting.Aws.Deploy;

namespace ApraNova.Tests.Hosting.Aws;

/// <summary><c>--operation deploy</c> says what this machine lacks before it starts.</summary>
public sealed class DeployPrerequisiteTests
{
    [Fact]
    public void Without_the_cli_and_credentials_deploy_names_both()
    {
        var missing = CdkDeployer.MissingPrerequisites(new Dictionary<string, string> { ["HOME"] = "/nonexistent" }, _ => null, _ => false);
        Assert.Equal(2, missing.Count);
        Assert.Contains("AWS CDK CLI", missing[0], StringComparison.Ordinal);
        Assert.Contains("AWS credentials", missing[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWS_PROFILE")]
    [InlineData("AWS_WEB_IDENTITY_TOKEN_FILE")]
    public void Credentials_from_the_environment_count(string variable)
    {
        var environment = new Dictionary<string, string> { ["HOME"] = "/nonexistent", [variable] = "x" };
        Assert.Empty(CdkDeployer.MissingPrerequisites(environment, _ => "/usr/bin/cdk", _ => false));
    }

    [Fact]
    public void A_shared_credentials_file_counts()
    {
        var environment = new Dictionary<string, string> { ["HOME"] = "/home/ops" };
        Assert.Empty(CdkDeployer.MissingPrerequisites(environment, _ => "/usr/bin/cdk", path => path == "/home/ops/.aws/credentials"));
    }
}
