namespace ApraNova.Hosting.Aws;

/// <summary>A file store of the model mounted into a service, and the variable naming its path.</summary>
public sealed record FileSystemMount(IResource FileStore, string EnvironmentVariable);
