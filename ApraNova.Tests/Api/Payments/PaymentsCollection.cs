namespace ApraNova.Tests.Api.Payments;

/// <summary>The payments tests share one <see cref="PaymentsFixture"/> (api with payments, fake Stripe, one database).</summary>
[CollectionDefinition(Name)]
public sealed class PaymentsCollection : ICollectionFixture<PaymentsFixture>
{
    public const string Name = "payments";
}
