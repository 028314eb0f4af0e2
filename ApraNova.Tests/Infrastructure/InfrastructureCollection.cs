namespace ApraNova.Tests.Infrastructure;

/// <summary>Collection whose tests get an <see cref="InfrastructureFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "infrastructure";
}
