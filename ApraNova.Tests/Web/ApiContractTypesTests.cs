using ApraNova.Tests.Api;

namespace ApraNova.Tests.Web;

/// <summary>
/// The web's TypeScript contract (<c>ApraNova.Web/lib/api-schema.ts</c>) is generated from the
/// api's OpenAPI document. This test takes the document of the real api as it is now, runs the
/// web's own generator on it (<c>npm run gen:api</c>, openapi-typescript) and fails when the
/// result differs from the checked-in file, so an api change cannot leave the web's types behind.
/// </summary>
[Collection("api")]
public sealed class ApiContractTypesTests(ApiFactory api)
{
    private const string CheckedInFile = "lib/api-schema.ts";

    /// <summary>Where the document is saved for <c>npm run gen:api</c> (its default input); git-ignored.</summary>
    public static string DocumentPath { get; } =
        Path.Combine(Path.GetDirectoryName(WebProject.Directory)!, "artifacts", "openapi", "v1.json");

    [Fact]
    public async Task Checked_in_web_types_match_the_apis_openapi_document()
    {
        var cancellationToken = CancellationToken.None;
        using var client = api.CreateApiClient();
        var document = await client.GetStringAsync("/openapi/v1.json", cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(DocumentPath)!);
        await File.WriteAllTextAsync(DocumentPath, document, cancellationToken);

        await WebProject.EnsureInstalledAsync(cancellationToken);
        var generated = Path.Combine(Directory.CreateTempSubdirectory("apranova-api-schema-").FullName, "api-schema.ts");
        try
        {
            var (exitCode, output) = await WebProject.RunNpmAsync(
                $"run gen:api -- \"{DocumentPath}\" \"{generated}\"", TimeSpan.FromMinutes(3), cancellationToken);
            Assert.True(exitCode == 0, $"npm run gen:api failed with exit code {exitCode}:\n{output}");

            var expected = Normalize(await File.ReadAllTextAsync(generated, cancellationToken));
            var checkedIn = Normalize(await File.ReadAllTextAsync(Path.Combine(WebProject.Directory, CheckedInFile), cancellationToken));
            Assert.True(expected == checkedIn,
                $"ApraNova.Web/{CheckedInFile} no longer matches the api's OpenAPI document ({FirstDifference(expected, checkedIn)}).\n" +
                $"This test saved the api's current document to {DocumentPath}. Regenerate the types from it and commit them:\n" +
                "  cd ApraNova.Web && npm run gen:api\n" +
                "then fix what `npx tsc --noEmit` reports in the web.");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(generated)!, recursive: true);
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var wanted = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var found = i < actualLines.Length ? actualLines[i] : "<end of file>";
            if (wanted != found)
                return $"first difference at line {i + 1}: generated `{wanted.Trim()}`, checked in `{found.Trim()}`";
        }
        return "no line differs";
    }
}
