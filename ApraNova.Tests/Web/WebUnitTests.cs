namespace ApraNova.Tests.Web;

/// <summary>
/// Runs the web's own unit tests (vitest: api client, refresh-once, form error mapping, the
/// forwarding of /api and /admin) so the solution's single test command covers them too.
/// </summary>
public sealed class WebUnitTests
{
    [Fact]
    public async Task Vitest_suite_passes()
    {
        var cancellationToken = CancellationToken.None;
        await WebProject.EnsureInstalledAsync(cancellationToken);

        var (exitCode, output) = await WebProject.RunNpmAsync("test", TimeSpan.FromMinutes(5), cancellationToken);

        Assert.True(exitCode == 0, $"npm test failed with exit code {exitCode}:\n{output}");
        Assert.Contains("passed", output);
    }
}
