using ApraNova.Tests.Api.Payments;

namespace ApraNova.Tests.Faults;

/// <summary>A visitor's paid Checkout session whose webhooks Stripe has yet to deliver.</summary>
public sealed record Purchase(string Email, string SessionId, IReadOnlyList<RecordedEvent> Events);
