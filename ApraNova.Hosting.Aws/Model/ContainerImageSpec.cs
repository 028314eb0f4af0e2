namespace ApraNova.Hosting.Aws.Model;

/// <summary>How the service's image is built, from which source (a .csproj path or an app folder).</summary>
public sealed record ContainerImageSpec(ContainerImageKind Kind, string SourcePath);
