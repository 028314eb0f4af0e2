namespace ApraNova.Hosting.Aws.Model;

/// <summary>A file system mounted into a service's container, and the variable that tells the app where.</summary>
public sealed record FileSystemMountSpec(string FileSystemName, string EnvironmentVariable, string ContainerPath);
