namespace ApraNova.Hosting.Aws.Model;

/// <summary>A file store some service mounts (one EFS file system each).</summary>
public sealed record FileSystemSpec(string ResourceName);
