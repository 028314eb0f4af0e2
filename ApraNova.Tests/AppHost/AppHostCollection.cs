namespace ApraNova.Tests.AppHost;

/// <summary>The tests that share one whole running application (<see cref="AppHostFixture"/>); they run one after another, in no set order.</summary>
[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "apphost";
}
