namespace ApraNova.Hosting.Aws.Model;

/// <summary>
/// The PostgreSQL server and database of the model (one RDS instance, one initial database).
/// <paramref name="PasswordParameter"/> is the model's password parameter, which RDS replaces with
/// credentials it generates into Secrets Manager.
/// </summary>
public sealed record DatabaseSpec(string ServerName, string ResourceName, string DatabaseName, string PasswordParameter);
