namespace ApraNova.Tests.Api.Payments;

/// <summary>An event as the fake Stripe recorded it (its test aid lists what it sent), to replay or inspect.</summary>
public sealed record RecordedEvent(string Id, string Type, long Created, string Json);
