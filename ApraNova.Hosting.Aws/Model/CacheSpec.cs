namespace ApraNova.Hosting.Aws.Model;

/// <summary>
/// The Redis resource of the model (one ElastiCache node). <paramref name="PasswordParameter"/> is
/// the model's password parameter (null when the model's Redis has none), which an auth token
/// generated into Secrets Manager replaces.
/// </summary>
public sealed record CacheSpec(string ResourceName, string? PasswordParameter);
