namespace ApraNova.Tests.Faults;

/// <summary>
/// The fault tests: one after another (each disturbs servers and measures how long requests fail,
/// which a neighbour's load would blur), on their own PostgreSQL and Redis (<see cref="FaultInfrastructure"/>),
/// never the ones the other tests share.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FaultsCollection : ICollectionFixture<FaultInfrastructure>
{
    public const string Name = "faults";
}
