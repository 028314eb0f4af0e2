namespace ApraNova.Tests.Hosting.Aws;

/// <summary>
/// Every test that synthesizes or asserts with CDK belongs here: the jsii runtime behind the CDK
/// is one Node.js process per test process and does not take calls from parallel tests.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AwsPublishCollection : ICollectionFixture<AwsPublishFixture>
{
    public const string Name = "aws-publish";
}
