namespace ApraNova.Hosting.Aws.Model;

public enum ContainerImageKind
{
    /// <summary>A .NET project (path of its .csproj), published with `dotnet publish`.</summary>
    DotnetProject,

    /// <summary>A Node.js app folder (package.json) built as a Next.js standalone server (`output: "standalone"`).</summary>
    NextJsStandalone,
}
