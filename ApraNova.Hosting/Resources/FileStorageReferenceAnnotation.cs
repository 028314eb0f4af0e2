using Aspire.Hosting.ApplicationModel;

namespace ApraNova.Hosting.Resources;

/// <summary>Marks a compute resource as using a files store (publishers mount it there).</summary>
public sealed record FileStorageReferenceAnnotation(FileStorageResource Storage, string EnvironmentVariable) : IResourceAnnotation;
