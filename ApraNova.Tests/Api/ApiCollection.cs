namespace ApraNova.Tests.Api;

/// <summary>One <see cref="ApiFactory"/> (one api, one fresh database) shared by every test class in the collection.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}
