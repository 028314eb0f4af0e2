namespace ApraNova.Tests.Faults;

/// <summary>A student of a fault test: signed up through the api, carrying its access token.</summary>
public sealed record FaultStudent(string Name, HttpClient Client, Guid Id, string Email);
